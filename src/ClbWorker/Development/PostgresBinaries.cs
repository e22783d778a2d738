namespace ClbWorker.Development;

/// <summary>The folder holding the PostgreSQL server programs <c>initdb</c> and <c>pg_ctl</c>.</summary>
public sealed record PostgresBinaries(string Directory)
{
    /// <summary>Where Debian and Ubuntu packages install each major version: /usr/lib/postgresql/NN/bin.</summary>
    public const string DebianInstallRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>Finds the binaries on this machine, or throws <see cref="PostgresNotAvailableException"/>.</summary>
    public static PostgresBinaries Locate()
    {
        var versioned = System.IO.Directory.Exists(DebianInstallRoot)
            ? System.IO.Directory.GetDirectories(DebianInstallRoot).Select(dir => Path.Combine(dir, "bin"))
            : [];
        var candidates = CandidateDirectories(Environment.GetEnvironmentVariable("PATH"), versioned);
        var dir = Find(candidates, File.Exists) ?? throw new PostgresNotAvailableException();
        // Report the real, versioned folder rather than a link farm: /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin.
        var real = File.ResolveLinkTarget(Path.Combine(dir, "initdb"), returnFinalTarget: true)?.FullName;
        return new PostgresBinaries(real is null ? dir : Path.GetDirectoryName(real)!);
    }

    /// <summary>
    /// Where to look, best first: the PATH entries in order (what the user chose), then the Debian-style
    /// <c>&lt;root&gt;/NN/bin</c> folders from the highest major version down, compared as numbers so 15 beats 9.6.
    /// </summary>
    internal static IReadOnlyList<string> CandidateDirectories(string? pathVariable, IEnumerable<string> versionedBinDirectories)
    {
        var onPath = (pathVariable ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var byVersion = versionedBinDirectories
            .OrderByDescending(dir => ParseVersion(Path.GetFileName(Path.GetDirectoryName(dir)!)))
            .ThenBy(dir => dir, StringComparer.Ordinal);
        return onPath.Concat(byVersion).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The first candidate folder holding both programs, or null.</summary>
    internal static string? Find(IEnumerable<string> candidates, Func<string, bool> fileExists) =>
        candidates.FirstOrDefault(dir => fileExists(Path.Combine(dir, "initdb")) && fileExists(Path.Combine(dir, "pg_ctl")));

    // Unparsable folder names (e.g. "current") sort after every numbered version.
    private static Version ParseVersion(string name) =>
        Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
            ? version
            : new Version(0, 0);
}
