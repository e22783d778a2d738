using Npgsql;

namespace ClbWorker.Webhooks.Outbox;

/// <summary>
/// The sender's side of the outbox <c>clb.webhook_deliveries</c>: claiming due deliveries, recording attempts
/// (<c>DeliveryStore.Complete.cs</c>), and putting deliveries back in the queue by hand, redeliver and recover
/// (<c>DeliveryStore.Requeue.cs</c>).
/// </summary>
public sealed partial class DeliveryStore(NpgsqlDataSource dataSource)
{
    // Which receiving hosts have due deliveries, most overdue first. A skip scan over the host index visits each host
    // once, however many deliveries wait for it, so a dead receiver's backlog costs one index probe per round.
    internal const string DueHostsSql = """
        WITH RECURSIVE clock AS (
            SELECT coalesce(@now::timestamptz, now()) AS now
        ), hosts AS (
            (SELECT clb.url_authority(d.url) AS host FROM clb.webhook_deliveries d
             WHERE d.state = 'pending' ORDER BY clb.url_authority(d.url) LIMIT 1)
            UNION ALL
            SELECT n.host
            FROM hosts h
            CROSS JOIN LATERAL (
                SELECT clb.url_authority(d.url) AS host FROM clb.webhook_deliveries d
                WHERE d.state = 'pending' AND clb.url_authority(d.url) > h.host
                ORDER BY clb.url_authority(d.url)
                LIMIT 1) n
        )
        SELECT h.host, d.next_attempt_at
        FROM hosts h
        CROSS JOIN clock c
        CROSS JOIN LATERAL (
            SELECT d.next_attempt_at FROM clb.webhook_deliveries d
            WHERE d.state = 'pending' AND clb.url_authority(d.url) = h.host AND d.next_attempt_at <= c.now
            ORDER BY d.next_attempt_at
            LIMIT 1) d
        ORDER BY d.next_attempt_at, h.host
        LIMIT @maxHosts
        """;

    // Per host, at most the room the sender has for it, oldest due first; SKIP LOCKED lets senders claim side by side.
    // The lease moves next_attempt_at to its expiry, so a delivery whose sender died becomes due again by itself.
    // Deliveries of disabled endpoints stay pending and unclaimed (normally parked out of the due range, see
    // PendingDeliveries).
    internal const string ClaimSql = """
        WITH clock AS (
            SELECT coalesce(@now::timestamptz, now()) AS now
        ), picked AS (
            SELECT p.id, p.due_at
            FROM clock
            CROSS JOIN unnest(@hosts::text[], @rooms::integer[]) AS r(host, room)
            CROSS JOIN LATERAL (
                SELECT d.id, d.next_attempt_at AS due_at
                FROM clb.webhook_deliveries d
                WHERE d.state = 'pending'
                  AND clb.url_authority(d.url) = r.host
                  AND d.next_attempt_at <= clock.now
                  AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= clock.now)
                  AND (d.endpoint_id IS NULL OR EXISTS (SELECT 1 FROM clb.webhook_endpoints w WHERE w.id = d.endpoint_id AND w.enabled))
                ORDER BY d.next_attempt_at, d.id
                LIMIT r.room
                FOR UPDATE OF d SKIP LOCKED) p
        ), claimed AS (
            UPDATE clb.webhook_deliveries d
            SET lease_owner = @owner, lease_expires_at = clock.now + @lease, next_attempt_at = clock.now + @lease, updated_at = clock.now
            FROM picked, clock
            WHERE d.id = picked.id
            RETURNING d.id, d.message_id, d.task_row_id, d.endpoint_id, d.url, d.event_type, d.body, d.attempts,
                      picked.due_at, clock.now AS claimed_at
        )
        SELECT c.id, c.message_id, c.task_row_id, c.endpoint_id, c.url, c.event_type, c.body, c.attempts,
               CASE
                   WHEN w.id IS NULL THEN '{}'::text[]
                   WHEN w.previous_secret_expires_at > c.claimed_at THEN ARRAY[w.secret, w.previous_secret]
                   ELSE ARRAY[w.secret]
               END AS secrets,
               clb.url_authority(c.url), c.claimed_at
        FROM claimed c
        LEFT JOIN clb.webhook_endpoints w ON w.id = c.endpoint_id
        ORDER BY c.due_at, c.id
        """;

    /// <summary>The receiving hosts with due deliveries, most overdue first (at most <paramref name="maxHosts"/>).</summary>
    public async Task<IReadOnlyList<string>> DueHostsAsync(int maxHosts, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = dataSource.CreateCommand(DueHostsSql);
        command.Parameters.Add(Now(now));
        command.Parameters.AddWithValue("maxHosts", maxHosts);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var hosts = new List<string>();
        while (await reader.ReadAsync(ct))
            hosts.Add(reader.GetString(0));
        return hosts;
    }

    /// <summary>
    /// Claims due deliveries for <paramref name="owner"/> for <paramref name="lease"/>: for each host of
    /// <paramref name="rooms"/>, at most its room, oldest due first. Callback deliveries and deliveries of enabled
    /// endpoints only.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(IReadOnlyList<(string Host, int Room)> rooms, string owner, TimeSpan lease,
        CancellationToken ct, DateTimeOffset? now = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        if (rooms.Count == 0)
            return [];

        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(Now(now));
        command.Parameters.AddWithValue("hosts", rooms.Select(r => r.Host).ToArray());
        command.Parameters.AddWithValue("rooms", rooms.Select(r => r.Room).ToArray());
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("lease", lease);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claimed = new List<ClaimedDelivery>();
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<long?>(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetFieldValue<string[]>(8),
                reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10)));
        }
        return claimed;
    }

    private static NpgsqlParameter<DateTimeOffset?> Now(DateTimeOffset? now) =>
        new("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = now };
}
