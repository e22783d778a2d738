using System.Text.RegularExpressions;
using ClbWorker.Database;

namespace ClbWorker.UnitTests.Database;

public sealed class MigrationScriptsTests
{
    [Fact]
    public void Every_migration_is_embedded_numbered_and_in_order()
    {
        var scripts = MigrationScripts.Load();

        Assert.Equal(FilesInDbMigrations(), scripts.Select(s => s.Name));
        Assert.All(scripts, script => Assert.Matches(new Regex(@"^\d{4}_[a-z0-9_]+\.sql$"), script.Name));
        Assert.All(scripts, script => Assert.False(string.IsNullOrWhiteSpace(script.Contents)));
        Assert.Equal(scripts.Count, scripts.Select(s => s.Name[..4]).Distinct().Count());
    }

    private static IEnumerable<string> FilesInDbMigrations()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ClbWorker.sln")))
            folder = folder.Parent;
        Assert.NotNull(folder);
        return Directory.GetFiles(Path.Combine(folder.FullName, "db", "migrations"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
    }
}
