namespace ClbWorker.UnitTests.Deployment;

/// <summary>The repository's root folder (the one holding ClbWorker.sln), found from the test's output folder.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ClbWorker.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException($"No ClbWorker.sln above {AppContext.BaseDirectory}.");
    }
}
