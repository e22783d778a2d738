using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Database;

public sealed class DueTaskIndexTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // The shape of the poller's claim query: due pending rows, oldest first, a batch at a time.
    private const string ExplainDueTasksSql = """
        EXPLAIN
        SELECT id FROM clb.tasks
        WHERE state = 'pending' AND next_poll_at <= @now
        ORDER BY next_poll_at, id
        LIMIT 100
        FOR UPDATE SKIP LOCKED
        """;

    // History dominates a long-lived queue: 100,000 finished rows around 1,000 pending ones, half of them due.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, state, completed_at, next_poll_at)
        SELECT 'done-' || n, 'ap-guangzhou', 'succeeded', now(), now() - interval '1 day'
        FROM generate_series(1, 100000) AS n;
        INSERT INTO clb.tasks (task_id, region, next_poll_at)
        SELECT 'pending-' || n, 'ap-guangzhou', now() + (n - 500) * interval '1 second'
        FROM generate_series(1, 1000) AS n;
        ANALYZE clb.tasks;
        """;

    [Fact]
    public async Task The_due_task_query_uses_the_partial_pending_index_on_a_large_table()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(FillSql, commandTimeout: 120);

        var plan = string.Join("\n", await connection.QueryAsync<string>(ExplainDueTasksSql, new { now = DateTime.UtcNow }));

        Assert.Contains("tasks_due_pending_idx", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }
}
