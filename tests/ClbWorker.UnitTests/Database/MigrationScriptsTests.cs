using System.Text.RegularExpressions;
using ClbWorker.Database;

namespace ClbWorker.UnitTests.Database;

public sealed class MigrationScriptsTests
{
    [Fact]
    public void Every_migration_is_embedded_numbered_and_in_order()
    {
        var scripts = MigrationScripts.Load();

        Assert.Equal(["0001_tasks.sql", "0002_enqueue_task.sql", "0003_notify_tasks_enqueued.sql"], scripts.Take(3).Select(s => s.Name));
        Assert.All(scripts, script => Assert.Matches(new Regex(@"^\d{4}_[a-z0-9_]+\.sql$"), script.Name));
        Assert.All(scripts, script => Assert.False(string.IsNullOrWhiteSpace(script.Contents)));
        Assert.Equal(scripts.Count, scripts.Select(s => s.Name[..4]).Distinct().Count());
    }
}
