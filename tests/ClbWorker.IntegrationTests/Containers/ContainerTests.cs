using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// When the container tests run: in CI (<c>CI=true</c>) or when asked with <c>CLBWORKER_CONTAINER_TESTS=required</c>,
/// and then no Docker engine is a failure, never a skip. Otherwise they are skipped, saying how to run them: a Docker
/// engine that happens to run on a shared machine must not change what everyone's <c>dotnet test</c> runs, and these
/// tests need what tests/containers/prepare.sh provides (the images, the engine's settings) and publish fixed ports.
/// </summary>
internal static class ContainerTests
{
    public const string Variable = "CLBWORKER_CONTAINER_TESTS";

    public static bool Required { get; } =
        Environment.GetEnvironmentVariable("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1")
        || string.Equals(Environment.GetEnvironmentVariable(Variable), "required", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the test unless container tests are required; then fails it when no Docker engine answers.</summary>
    public static async Task RequireAsync()
    {
        if (!Required)
        {
            const string Why = $"Container tests run in CI, or here with {Variable}=required after tests/containers/prepare.sh (see docs/containers.md).";
            // The console shows no skip reasons at its default verbosity; diagnostic messages it does show.
            TestContext.Current.SendDiagnosticMessage($"{TestContext.Current.Test?.TestDisplayName}: skipped. {Why}");
            Assert.Skip(Why);
        }
        if (!await DockerEngine.AnswersAsync())
            Assert.Fail($"No Docker engine answers at {DockerEngine.Address}, and the container tests must run here (CI, or {Variable}=required): "
                + "tests/containers/prepare.sh installs and starts an engine and provides the images; .ci/run calls it.");
    }
}
