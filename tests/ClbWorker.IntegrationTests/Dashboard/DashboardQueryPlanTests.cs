using ClbWorker.Dashboard;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Dashboard;

public sealed class DashboardQueryPlanTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // A long-lived queue: 100,000 finished rows (a few percent failed), 1,000 pending, in three accounts and five regions.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, account, state, completed_at, next_poll_at)
        SELECT 'done-' || n, (ARRAY['ap-guangzhou', 'ap-shanghai', 'ap-beijing', 'ap-chengdu', 'ap-shanghai-fsi'])[1 + n % 5],
               (ARRAY['default', 'prod', 'staging'])[1 + n % 3],
               CASE WHEN n % 50 = 0 THEN 'failed' WHEN n % 70 = 0 THEN 'invalid' ELSE 'succeeded' END,
               now() - n * interval '1 second', now() - interval '1 day'
        FROM generate_series(1, 100000) AS n;
        INSERT INTO clb.tasks (task_id, region, next_poll_at)
        SELECT 'pending-' || n, 'ap-guangzhou', now() + n * interval '1 second' FROM generate_series(1, 1000) AS n;
        ANALYZE clb.tasks;
        """;

    [Fact]
    public async Task Dashboard_queries_read_indexes_not_the_whole_table_on_a_large_history()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(FillSql, commandTimeout: 120);
        var now = DateTime.UtcNow;

        var problems = await PlanAsync(connection, DashboardStore.RecentProblemsSql, new { count = 50 });
        var search = await PlanAsync(connection, DashboardStore.FindByTaskIdSql, new { taskId = "done-777", count = 50 });
        var home = await PlanAsync(connection, DashboardStore.HomeCountsSql, new { limit = 100_001L, hourAgo = now.AddHours(-1) });

        Assert.Contains("tasks_final_by_state_idx", problems, StringComparison.Ordinal);
        Assert.Contains("tasks_task_id_idx", search, StringComparison.Ordinal);
        Assert.Contains("tasks_due_by_account_idx", home, StringComparison.Ordinal);
        Assert.Contains("tasks_final_by_state_idx", home, StringComparison.Ordinal);
        Assert.All(new[] { problems, search, home }, plan => Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal));
    }

    private static async Task<string> PlanAsync(Npgsql.NpgsqlConnection connection, string sql, object parameters) =>
        string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + sql, parameters));
}
