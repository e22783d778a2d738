using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Webhooks;
using Dapper;

namespace ClbWorker.IntegrationTests.Webhooks;

public sealed class DueDeliveryIndexTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // History dominates a long-lived outbox: 100,000 delivered rows around 1,000 pending ones, half of them due.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, state, completed_at) VALUES ('outbox-history', 'ap-guangzhou', 'succeeded', now());
        INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, state, next_attempt_at, delivered_at)
        SELECT 'msg_done_' || n, currval(pg_get_serial_sequence('clb.tasks', 'id')), 'https://a.example/', 'task.succeeded', '{}',
               'delivered', now() - interval '1 day', now()
        FROM generate_series(1, 100000) AS n;
        INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, next_attempt_at)
        SELECT 'msg_pending_' || n, currval(pg_get_serial_sequence('clb.tasks', 'id')), 'https://a.example/', 'task.succeeded', '{}',
               now() + (n - 500) * interval '1 second'
        FROM generate_series(1, 1000) AS n;
        ANALYZE clb.webhook_deliveries;
        """;

    [Fact]
    public async Task The_claim_query_walks_the_partial_due_index_on_a_large_outbox()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(FillSql, commandTimeout: 120);
        var now = DateTimeOffset.UtcNow;

        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + DeliveryStore.ClaimSql,
            new { now, limit = 100, owner = "sender", leaseUntil = now.AddMinutes(1) }));

        Assert.Contains("webhook_deliveries_due_idx", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on webhook_deliveries", plan, StringComparison.Ordinal);
    }
}
