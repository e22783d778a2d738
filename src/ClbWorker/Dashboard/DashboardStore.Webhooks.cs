using ClbWorker.Dashboard.Webhooks;
using Npgsql;

namespace ClbWorker.Dashboard;

public sealed partial class DashboardStore
{
    // pending and failed are counted through their partial indexes (0005); delivered, the bulk of the table, by a scan
    // that stops at @limit rows.
    private const string DeliveryStateCountsSql = """
        SELECT 'pending', (SELECT count(*) FROM (SELECT 1 FROM clb.webhook_deliveries WHERE state = 'pending' LIMIT @limit) c)
        UNION ALL
        SELECT 'delivered', (SELECT count(*) FROM (SELECT 1 FROM clb.webhook_deliveries WHERE state = 'delivered' LIMIT @limit) c)
        UNION ALL
        SELECT 'failed', (SELECT count(*) FROM (SELECT 1 FROM clb.webhook_deliveries WHERE state = 'failed' LIMIT @limit) c)
        """;

    // Secrets are never selected. Disabled and failing endpoints first, longest failing first.
    private const string EndpointsSql = """
        SELECT id, name, url, source, enabled, disabled_reason, disabled_at, first_failure_at
        FROM clb.webhook_endpoints
        ORDER BY enabled, first_failure_at NULLS LAST, id
        LIMIT @count
        """;

    private const string RecentAttemptsSql = """
        SELECT a.id, a.delivery_id, d.task_row_id, d.event_type, d.url, a.attempted_at, a.status_code, a.duration_ms, a.error
        FROM clb.webhook_attempts a
        JOIN clb.webhook_deliveries d ON d.id = a.delivery_id
        ORDER BY a.id DESC
        LIMIT @count
        """;

    /// <summary>
    /// Delivery counts by state, endpoints and the newest attempts. <see cref="WebhooksOverview.RecentFailed"/> is left empty:
    /// <c>DeliveryLogStore</c> lists deliveries.
    /// </summary>
    public async Task<WebhooksOverview> GetWebhooksOverviewAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var states = new NpgsqlCommand(DeliveryStateCountsSql, connection);
        states.Parameters.AddWithValue("limit", Limit);
        var counts = await ListAsync(states, r => Capped(r.GetString(0), r.GetInt64(1)), ct);

        await using var endpoints = new NpgsqlCommand(EndpointsSql, connection);
        endpoints.Parameters.AddWithValue("count", EndpointLimit);
        var health = await ListAsync(endpoints, r => new EndpointHealth(
            r.GetInt64(0), NullableString(r, 1), r.GetString(2), r.GetString(3), r.GetBoolean(4), NullableString(r, 5),
            r.GetFieldValue<DateTimeOffset?>(6), r.GetFieldValue<DateTimeOffset?>(7)), ct);

        await using var attempts = new NpgsqlCommand(RecentAttemptsSql, connection);
        attempts.Parameters.AddWithValue("count", ListLimit);
        var recent = await ListAsync(attempts, r => new AttemptLine(
            r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5),
            r.GetFieldValue<int?>(6), r.GetInt32(7), NullableString(r, 8)), ct);
        return new WebhooksOverview(counts, health, recent, []);
    }
}
