using System.Reflection;
using ClbWorker.Database;
using ClbWorker.Hosting.Configuration;
using ClbWorker.Tencent.Credentials;

namespace ClbWorker.UnitTests.Deployment;

/// <summary>
/// Which application a compose service runs, from the folder of its Dockerfile (src/ClbWorker.Simulator/Dockerfile
/// runs the assembly ClbWorker.Simulator), and that application's configuration keys.
/// </summary>
internal static class DeployedApplications
{
    // Keys ClbWorker reads directly, not through an options class: those of its own sections, and outside them.
    private static readonly string[] ClbWorkerExtraKeys =
        [.. ConfigurationCheck.HandReadKeys.Select(key => key.Key), $"ConnectionStrings:{DatabaseHostingExtensions.ConnectionStringName}",
         CredentialEnvironment.SecretIdVariable, CredentialEnvironment.SecretKeyVariable, CredentialEnvironment.SessionTokenVariable,
         CredentialEnvironment.SecurityTokenVariable, CredentialEnvironment.CredentialsFileVariable, CredentialEnvironment.TkeRoleArnVariable,
         CredentialEnvironment.TkeProviderIdVariable, CredentialEnvironment.TkeTokenFileVariable, CredentialEnvironment.TkeRegionVariable];

    public static ConfigurationKeys? KeysOf(ComposeService service)
    {
        if (service.BuildContext is null)
            return null;
        var dockerfile = Path.Combine(service.BuildContext, service.Dockerfile ?? "Dockerfile");
        var project = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(dockerfile, Repository.Root)))!;
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(new AssemblyName(project));
        }
        catch (FileNotFoundException)
        {
            throw new InvalidOperationException(
                $"Service '{service.Name}' builds {dockerfile}, but the test project does not reference an assembly '{project}'; add a project reference.");
        }
        return assembly == typeof(Program).Assembly ? ConfigurationKeys.Of(assembly, ClbWorkerExtraKeys) : ConfigurationKeys.Of(assembly);
    }
}
