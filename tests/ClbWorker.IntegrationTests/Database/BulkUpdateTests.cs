using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>
/// Producers and operators change tasks by plain SQL too, many at once. The statement triggers on clb.tasks join the
/// statement's old and new rows; with a nested loop an UPDATE of 20,000 rows took 50 s, so each statement here runs
/// under a statement timeout several times what a hash join needs even on a loaded machine, and fails past it.
/// </summary>
public sealed class BulkUpdateTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const int Count = 20_000;
    private const string Timeout = "SET LOCAL statement_timeout = '15s'";

    [Fact]
    public async Task Moving_the_deadline_of_20000_pending_tasks_in_one_statement_finishes_and_records_no_event()
    {
        var prefix = await InsertAsync();

        var (updated, events) = await UpdateAsync(prefix, "deadline_at = now() + interval '2 hours'");

        Assert.Equal((Count, 0L), (updated, events));
    }

    [Fact]
    public async Task Cancelling_20000_pending_tasks_in_one_statement_finishes_and_records_one_event_each()
    {
        var prefix = await InsertAsync();

        var (updated, events) = await UpdateAsync(prefix, "state = 'cancelled', completed_at = now()");

        Assert.Equal((Count, (long)Count), (updated, events));
    }

    private async Task<string> InsertAsync()
    {
        var prefix = "bulk-" + Guid.NewGuid().ToString("N");
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region) SELECT @prefix || '-' || n, 'ap-guangzhou' FROM generate_series(1, @count) n
            """, new { prefix, count = Count });
        return prefix;
    }

    /// <returns>The rows the statement updated, and the events recorded for those tasks.</returns>
    private async Task<(int Updated, long Events)> UpdateAsync(string prefix, string set)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(Timeout, transaction: transaction);
        var updated = await connection.ExecuteAsync($"UPDATE clb.tasks SET {set} WHERE task_id LIKE @pattern", new { pattern = prefix + "-%" }, transaction);
        await transaction.CommitAsync(ct);
        var events = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.task_events WHERE task_id LIKE @pattern", new { pattern = prefix + "-%" });
        return (updated, events);
    }
}
