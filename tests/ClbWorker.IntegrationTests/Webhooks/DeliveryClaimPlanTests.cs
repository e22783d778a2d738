using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Webhooks.Outbox;
using Dapper;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>The delivery SQL the product runs (DeliveryStore's statements), planned on a large outbox.</summary>
public sealed class DeliveryClaimPlanTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    // History dominates a long-lived outbox: 100,000 delivered rows around 1,000 pending ones, half of them due.
    private const string FillSql = """
        INSERT INTO clb.tasks (task_id, region, state, completed_at) VALUES ('outbox-history', 'ap-guangzhou', 'succeeded', now());
        INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, state, next_attempt_at, delivered_at)
        SELECT 'msg_done_' || n, currval(pg_get_serial_sequence('clb.tasks', 'id')), 'https://a.example/', 'task.succeeded', '{}',
               'delivered', now() - interval '1 day', now()
        FROM generate_series(1, 100000) AS n;
        INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, next_attempt_at)
        SELECT 'msg_pending_' || n, currval(pg_get_serial_sequence('clb.tasks', 'id')), 'https://h' || (n % 20) || '.example/', 'task.succeeded', '{}',
               now() + (n - 500) * interval '1 second'
        FROM generate_series(1, 1000) AS n;
        ANALYZE clb.webhook_deliveries;
        """;

    [Fact]
    public async Task Finding_due_hosts_and_claiming_per_host_start_from_the_host_index_on_a_large_outbox()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(FillSql, commandTimeout: 120);

        var hosts = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + DeliveryStore.DueHostsSql,
            new { now = (DateTimeOffset?)null, maxHosts = 200 }));
        var claim = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + DeliveryStore.ClaimSql,
            new { now = (DateTimeOffset?)null, hosts = new[] { "h1.example", "h2.example" }, rooms = new[] { 4, 4 }, owner = "sender", lease = TimeSpan.FromMinutes(1) }));

        Assert.Contains("webhook_deliveries_due_by_host_idx", hosts, StringComparison.Ordinal);
        Assert.Contains("webhook_deliveries_due_by_host_idx", claim, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on webhook_deliveries", hosts + claim, StringComparison.Ordinal);
        Assert.Equal(20, (await new DeliveryStore(database.DataSource).DueHostsAsync(200, TestContext.Current.CancellationToken)).Count);
    }
}
