using Npgsql;

namespace ClbWorker.Webhooks.Outbox;

/// <summary>
/// Keeps an endpoint's pending deliveries in step with the endpoint after it changes. While it is disabled they are
/// parked (<c>next_attempt_at = 'infinity'</c>), out of reach of the due-delivery index: thousands of retries of a
/// dead endpoint would otherwise be scanned and skipped by every claim. Enabling it makes them due at once. They
/// also follow a new URL, so retries go where the endpoint now points.
/// </summary>
internal static class PendingDeliveries
{
    // Only rows that need a change are written. Claims also skip disabled endpoints themselves, so a row
    // an operator's plain UPDATE left unparked is still never sent.
    private const string FollowEndpointsSql = """
        UPDATE clb.webhook_deliveries d
        SET url = w.url,
            next_attempt_at = CASE
                WHEN NOT w.enabled THEN 'infinity'
                WHEN d.next_attempt_at = 'infinity' THEN coalesce(@now::timestamptz, now())
                ELSE d.next_attempt_at
            END,
            updated_at = coalesce(@now::timestamptz, now())
        FROM clb.webhook_endpoints w
        WHERE w.id = ANY(@endpointIds)
          AND d.endpoint_id = w.id
          AND d.state = 'pending'
          AND (d.url <> w.url OR w.enabled = (d.next_attempt_at = 'infinity'))
        """;

    /// <returns>How many pending deliveries changed.</returns>
    public static async Task<int> FollowEndpointsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<long> endpointIds, CancellationToken ct,
        DateTimeOffset? now = null)
    {
        if (endpointIds.Count == 0)
            return 0;
        await using var command = new NpgsqlCommand(FollowEndpointsSql, connection, transaction);
        command.Parameters.AddWithValue("endpointIds", endpointIds.ToArray());
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = now });
        return await command.ExecuteNonQueryAsync(ct);
    }
}
