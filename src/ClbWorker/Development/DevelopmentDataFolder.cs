namespace ClbWorker.Development;

/// <summary>Where the Development host keeps its local PostgreSQL cluster by default.</summary>
internal static class DevelopmentDataFolder
{
    public const string SolutionFile = "ClbWorker.sln";

    /// <summary>
    /// <c>&lt;repository root&gt;/.data/postgres</c>, so that every project of the repository and every run share one
    /// cluster (.data/ is git-ignored); <c>&lt;content root&gt;/.data/postgres</c> when no repository is found.
    /// </summary>
    public static string For(string contentRoot) =>
        Path.Combine(FindRepositoryRoot(contentRoot) ?? contentRoot, ".data", "postgres");

    /// <summary>The nearest folder at or above <paramref name="start"/> holding ClbWorker.sln, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
