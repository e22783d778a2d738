using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>The statements GET /api/tasks runs (TaskStore's own), on a table of 200,000 tasks: every filter starts from an index, never a full scan.</summary>
public sealed partial class TaskListIndexTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
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

    // The index each shape starts from, and how many rows it may read and throw away on the way to a page of 51.
    public static TheoryData<string, string, int> Shapes => new()
    {
        { "no filter", "tasks_pkey", 0 },
        { "state=failed", "tasks_final_state_id_idx", 0 },
        // Pending tasks are the newest: walking ids down finds them first.
        { "state=pending", "tasks_pkey", 100 },
        { "taskId", "tasks_task_id_idx", 1 },
        { "createdAfter (last 10 minutes)", "tasks_created_at_idx", 0 },
        // The one filter without an index of its own: the walk reads about 51 / (the region's share of rows) rows,
        // here 50,000 for a region of 0.1 % (about 7 ms). Filtering by account and region, or by taskId, avoids it.
        { "region=ap-shanghai", "tasks_pkey", 60_000 },
        { "account + region + taskId", "one_task_per_account_region_task_kind_task_id", 0 },
        { "dealName", "tasks_task_id_idx", 1 },
        { "state=failed, second page", "tasks_final_state_id_idx", 0 },
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
    public async Task Each_listing_shape_the_api_runs_starts_from_its_index_on_a_large_table(string shape, string index, int maxRowsRemoved)
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
        Assert.Contains($" using {index} on tasks", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        var removed = RowsRemoved().Matches(plan).Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(removed <= maxRowsRemoved, $"{shape}: {removed} rows read and thrown away, at most {maxRowsRemoved} expected");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Rows Removed by Filter: (\d+)")]
    private static partial System.Text.RegularExpressions.Regex RowsRemoved();
}
