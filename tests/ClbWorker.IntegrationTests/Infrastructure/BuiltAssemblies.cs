using System.Reflection;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The application assemblies the build put next to their projects, in the configuration this test assembly was
/// built in (Debug, Release ...), so that tests can run them as separate processes with <c>dotnet &lt;dll&gt;</c>.
/// </summary>
internal static class BuiltAssemblies
{
    private const string SolutionFile = "ClbWorker.sln";

    /// <summary><c>src/&lt;project&gt;/bin/&lt;configuration&gt;/&lt;tfm&gt;/&lt;project&gt;.dll</c>, checked to exist.</summary>
    public static string PathOf(string project)
    {
        var configuration = typeof(BuiltAssemblies).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
            ?? throw new InvalidOperationException("The test assembly carries no AssemblyConfiguration attribute.");
        // The test assembly's own folder name is the target framework both were built for.
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var path = System.IO.Path.Combine(RepositoryRoot(), "src", project, "bin", configuration, framework, project + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{project} is not built for {configuration}/{framework}; run `dotnet build` at the repository root first.", path);
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, SolutionFile)))
                return folder.FullName;
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds {SolutionFile}.");
    }
}
