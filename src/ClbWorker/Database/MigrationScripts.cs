using DbUp.Engine;

namespace ClbWorker.Database;

/// <summary>The <c>db/migrations/*.sql</c> files, embedded in this assembly by ClbWorker.csproj.</summary>
internal static class MigrationScripts
{
    // Must match the LogicalName in ClbWorker.csproj.
    private const string ResourcePrefix = "ClbWorker.Migrations.";

    /// <summary>The file name of the last script, as recorded in the journal once it is applied.</summary>
    public static string LatestName { get; } = Names().Last()[ResourcePrefix.Length..];

    /// <summary>The scripts ordered by file name (NNNN_ prefix), named by file name as recorded in the journal.</summary>
    public static IReadOnlyList<SqlScript> Load()
    {
        var assembly = typeof(MigrationScripts).Assembly;
        return Names().Select(name => new SqlScript(name[ResourcePrefix.Length..], Read(assembly, name))).ToList();
    }

    private static IEnumerable<string> Names() =>
        typeof(MigrationScripts).Assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string Read(System.Reflection.Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded migration {resourceName} cannot be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
