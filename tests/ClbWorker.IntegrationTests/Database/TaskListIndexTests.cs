using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>The shapes of GET /api/tasks on a table of 200,000 tasks: every filter starts from an index, never a full scan.</summary>
public sealed class TaskListIndexTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // Mostly finished history in one account and region, a few failures, a working set of pending tasks, and a
    // handful in a second region; created over the last 200,000 seconds (about 2.3 days).
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, account, state, completed_at, next_poll_at, created_at)
        SELECT 'task-' || n,
               CASE WHEN n % 1000 = 0 THEN 'ap-shanghai' ELSE 'ap-guangzhou' END,
               'default',
               CASE WHEN n > 198000 THEN 'pending' WHEN n % 500 = 0 THEN 'failed' ELSE 'succeeded' END,
               CASE WHEN n > 198000 THEN NULL ELSE now() END,
               now(),
               now() - (200000 - n) * interval '1 second'
        FROM generate_series(1, 200000) AS n;
        ANALYZE clb.tasks;
        """;

    public static TheoryData<string, string, string> Shapes => new()
    {
        { "no filter", "true", "tasks_pkey" },
        { "state=failed", "t.state = 'failed' AND t.state <> 'pending'", "tasks_final_state_id_idx" },
        { "state=pending", "t.state = 'pending'", "tasks_" },
        { "taskId", "t.task_id = 'task-123456'", "tasks_task_id_idx" },
        { "createdAfter (last 10 minutes)", "t.created_at > now() - interval '10 minutes'", "tasks_" },
        { "region=ap-shanghai", "t.region = 'ap-shanghai'", "tasks_" },
        // The unique (account, region, task_id, task_kind) index or the task_id index: either starts at the one row.
        { "account + region + taskId", "t.account = 'default' AND t.region = 'ap-guangzhou' AND t.task_id = 'task-5'", "Index" },
        { "taskId as the API filters it", "t.task_id = 'task-123456' AND t.task_kind = 'request_id'", "Index" },
        { "dealName", "t.task_id = 'task-123456' AND t.task_kind = 'deal_name'", "Index" },
        { "state=failed, second page", "t.state = 'failed' AND t.state <> 'pending' AND t.id < 100000", "tasks_final_state_id_idx" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_listing_shape_starts_from_an_index_on_a_large_table(string shape, string where, string index)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.tasks") == 0)
            await connection.ExecuteAsync(FillSql, commandTimeout: 300);

        var plan = string.Join("\n", await connection.QueryAsync<string>(
            $"EXPLAIN (ANALYZE, COSTS OFF) SELECT t.id FROM clb.tasks t WHERE {where} ORDER BY t.id DESC LIMIT 51"));

        TestContext.Current.TestOutputHelper?.WriteLine($"{shape}:\n{plan}");
        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }
}
