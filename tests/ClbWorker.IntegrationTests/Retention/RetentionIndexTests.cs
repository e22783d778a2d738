using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Retention;
using Dapper;

namespace ClbWorker.IntegrationTests.Retention;

public sealed class RetentionIndexTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // A long-lived table: 200,000 final rows spread over a year and 1,000 pending ones.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, state, created_at, completed_at)
        SELECT 'done-' || n, 'ap-guangzhou', 'succeeded', now() - n * interval '150 seconds', now() - n * interval '150 seconds'
        FROM generate_series(1, 200000) AS n;
        INSERT INTO clb.tasks (task_id, region) SELECT 'pending-' || n, 'ap-guangzhou' FROM generate_series(1, 1000) AS n;
        ANALYZE clb.tasks;
        ANALYZE clb.webhook_deliveries;
        """;

    [Fact]
    public async Task A_retention_batch_finds_its_tasks_through_the_final_tasks_index()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(FillSql, commandTimeout: 300);

        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + RetentionStore.CandidatesSql, new
        {
            cutoff = DateTime.UtcNow.AddDays(-30),
            afterCompletedAt = DateTime.UtcNow.AddDays(-200),
            afterId = 0L,
            batchSize = 1000,
        }));

        Assert.Contains("tasks_final_completed_idx", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on tasks", plan, StringComparison.Ordinal);
    }
}
