using Npgsql;

namespace ClbWorker.Webhooks.Outbox;

public sealed partial class DeliveryStore
{
    // A delivery in flight (pending under a live lease) is left to its sender. Parked again at once when its
    // endpoint is disabled, so it waits outside the due range like the endpoint's other deliveries.
    private const string RedeliverSql = """
        WITH target AS (
            SELECT d.id, d.endpoint_id FROM clb.webhook_deliveries d WHERE d.id = @id
        ), requeued AS (
            UPDATE clb.webhook_deliveries d
            SET state = 'pending',
                next_attempt_at = CASE
                    WHEN EXISTS (SELECT 1 FROM clb.webhook_endpoints w WHERE w.id = d.endpoint_id AND NOT w.enabled) THEN 'infinity'
                    ELSE coalesce(@now::timestamptz, now())
                END,
                lease_owner = NULL,
                lease_expires_at = NULL,
                delivered_at = NULL,
                failed_at = NULL,
                updated_at = coalesce(@now::timestamptz, now())
            WHERE d.id = @id
              AND (d.state <> 'pending' OR d.lease_expires_at IS NULL OR d.lease_expires_at <= coalesce(@now::timestamptz, now()))
        )
        SELECT EXISTS (SELECT 1 FROM target)
        """;

    private const string RecoverSql = """
        UPDATE clb.webhook_deliveries d
        SET state = 'pending',
            next_attempt_at = CASE WHEN w.enabled THEN coalesce(@now::timestamptz, now()) ELSE 'infinity' END,
            failed_at = NULL,
            updated_at = coalesce(@now::timestamptz, now())
        FROM clb.webhook_endpoints w
        WHERE w.id = @endpointId
          AND d.endpoint_id = w.id
          AND d.state = 'failed'
          AND d.created_at >= @since
        """;

    /// <summary>
    /// Sends one delivery again: a delivered or failed one goes back to pending, due now, its
    /// attempts kept; a pending one not in flight is made due now; one in flight is left alone. Deliveries of a
    /// disabled endpoint wait for it to be enabled.
    /// </summary>
    /// <returns>Whether the delivery exists.</returns>
    public async Task<bool> RedeliverAsync(long deliveryId, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = dataSource.CreateCommand(RedeliverSql);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>
    /// Sends again every failed delivery of one endpoint created at or after <paramref name="since"/>, e.g. after the
    /// receiver was fixed: back to pending, due now (or once the endpoint is enabled), attempts kept.
    /// </summary>
    /// <returns>How many deliveries went back to pending.</returns>
    public async Task<int> RecoverAsync(long endpointId, DateTimeOffset since, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = dataSource.CreateCommand(RecoverSql);
        command.Parameters.AddWithValue("endpointId", endpointId);
        command.Parameters.AddWithValue("since", since);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
