using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>The statements GET /api/tasks runs (TaskStore's own), on a table of 200,000 tasks: every filter starts from an index, never a full scan.</summary>
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

    private static readonly DateTimeOffset TenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10);

    public static TheoryData<string, string> Shapes => new()
    {
        { "no filter", "tasks_pkey" },
        { "state=failed", "tasks_final_state_id_idx" },
        { "state=pending", "tasks_" },
        { "taskId", "tasks_task_id_idx" },
        { "createdAfter (last 10 minutes)", "tasks_" },
        { "region=ap-shanghai", "tasks_" },
        // The unique (account, region, task_id, task_kind) index or the task_id index: either starts at the one row.
        { "account + region + taskId", "Index" },
        { "dealName", "Index" },
        { "state=failed, second page", "tasks_final_state_id_idx" },
    };

    private static (TaskFilter Filter, long? BeforeId) Filter(string shape) => shape switch
    {
        "no filter" => (new TaskFilter(null, null, null, null, null), null),
        "state=failed" => (new TaskFilter("failed", null, null, null, null), null),
        "state=pending" => (new TaskFilter("pending", null, null, null, null), null),
        "taskId" => (new TaskFilter(null, null, null, "task-123456", null), null),
        "createdAfter (last 10 minutes)" => (new TaskFilter(null, null, null, null, TenMinutesAgo), null),
        "region=ap-shanghai" => (new TaskFilter(null, "ap-shanghai", null, null, null), null),
        "account + region + taskId" => (new TaskFilter(null, "ap-guangzhou", "default", "task-5", null), null),
        "dealName" => (new TaskFilter(null, null, null, null, null, DealName: "task-123456"), null),
        "state=failed, second page" => (new TaskFilter("failed", null, null, null, null), 100000),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "no such shape"),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Each_listing_shape_the_api_runs_starts_from_an_index_on_a_large_table(string shape, string index)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.tasks") == 0)
            await connection.ExecuteAsync(FillSql, commandTimeout: 300);
        var (filter, beforeId) = Filter(shape);
        var (sql, parameters) = TaskStore.ListCommand(filter, beforeId, 51);

        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF) " + sql, connection);
        explain.Parameters.AddRange(parameters.ToArray());
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                lines.Add(reader.GetString(0));
        }
        var plan = string.Join("\n", lines);

        TestContext.Current.TestOutputHelper?.WriteLine($"{shape}:\n{plan}");
        Assert.Contains(index, plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
    }
}
