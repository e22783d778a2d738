using Npgsql;

namespace ClbWorker.Webhooks;

/// <summary>
/// The sender's side of the outbox <c>clb.webhook_deliveries</c>: claiming due deliveries, recording attempts,
/// and putting deliveries back in the queue by hand (redeliver, recover).
/// </summary>
public sealed partial class DeliveryStore(NpgsqlDataSource dataSource)
{
    // Oldest due first; SKIP LOCKED lets senders claim side by side; the lease moves next_attempt_at to its expiry,
    // so a delivery whose sender died becomes due again by itself. Deliveries of disabled endpoints stay pending
    // and unclaimed (normally parked out of the index's range, see PendingDeliveries).
    internal const string ClaimSql = """
        WITH picked AS (
            SELECT d.id,
                   d.next_attempt_at AS due_at,
                   w.first_failure_at,
                   CASE
                       WHEN w.id IS NULL THEN '{}'::text[]
                       WHEN w.previous_secret_expires_at > @now THEN ARRAY[w.secret, w.previous_secret]
                       ELSE ARRAY[w.secret]
                   END AS secrets
            FROM clb.webhook_deliveries d
            LEFT JOIN clb.webhook_endpoints w ON w.id = d.endpoint_id
            WHERE d.state = 'pending'
              AND d.next_attempt_at <= @now
              AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= @now)
              AND (d.endpoint_id IS NULL OR w.enabled)
            ORDER BY d.next_attempt_at, d.id
            LIMIT @limit
            FOR UPDATE OF d SKIP LOCKED
        ), claimed AS (
            UPDATE clb.webhook_deliveries d
            SET lease_owner = @owner, lease_expires_at = @leaseUntil, next_attempt_at = @leaseUntil, updated_at = @now
            FROM picked
            WHERE d.id = picked.id
            RETURNING d.id, d.message_id, d.task_row_id, d.endpoint_id, d.url, d.event_type, d.body, d.attempts,
                      picked.secrets, picked.first_failure_at, picked.due_at
        )
        SELECT id, message_id, task_row_id, endpoint_id, url, event_type, body, attempts, secrets, first_failure_at
        FROM claimed
        ORDER BY due_at, id
        """;

    // Texts are cut to the attempt table's CHECK limits (DeliveryOutcome.MaxErrorLength, MaxResponseExcerptLength).
    // One statement for the batch: the deliveries (only those still leased by @owner), their attempt rows, and the
    // endpoints' failure streaks. A streak starts at the first failure after the batch's last success (or carries on
    // from the row's own start when the batch has no success) and ends with a success; with several senders this is
    // exact to within one batch, plenty for a rule counted in days. An endpoint row is only written when its streak
    // or enabled state changes, so the common case (a success on a healthy endpoint) takes no endpoint lock.
    private const string CompleteSql = """
        WITH outcome AS (
            SELECT *
            FROM unnest(@ids, @states, @attemptedAts, @statusCodes, @durationsMs, @errors, @excerpts, @nextAttempts, @disableReasons)
                 AS o(id, state, attempted_at, status_code, duration_ms, error, excerpt, next_attempt_at, disable_reason)
        ), completed AS (
            UPDATE clb.webhook_deliveries d
            SET state = o.state,
                attempts = d.attempts + 1,
                next_attempt_at = CASE WHEN o.state = 'pending' THEN o.next_attempt_at ELSE d.next_attempt_at END,
                lease_owner = NULL,
                lease_expires_at = NULL,
                last_status_code = o.status_code,
                last_error = left(o.error, 2000),
                updated_at = @now,
                delivered_at = CASE WHEN o.state = 'delivered' THEN o.attempted_at END,
                failed_at = CASE WHEN o.state = 'failed' THEN @now END
            FROM outcome o
            WHERE d.id = o.id AND d.lease_owner = @owner AND d.state = 'pending'
            RETURNING d.id, d.endpoint_id, o.state, o.attempted_at, o.status_code, o.duration_ms, o.error, o.excerpt, o.disable_reason
        ), logged AS (
            INSERT INTO clb.webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error, response_excerpt)
            SELECT id, attempted_at, status_code, duration_ms, left(error, 2000),
                   left(excerpt, 4096)
            FROM completed
        ), last_success AS (
            SELECT endpoint_id, max(attempted_at) FILTER (WHERE state = 'delivered') AS at
            FROM completed
            WHERE endpoint_id IS NOT NULL
            GROUP BY endpoint_id
        ), effect AS (
            SELECT c.endpoint_id,
                   s.at AS last_success_at,
                   min(c.attempted_at) FILTER (WHERE c.state <> 'delivered' AND (s.at IS NULL OR c.attempted_at > s.at)) AS failing_since,
                   (array_agg(c.disable_reason ORDER BY c.attempted_at DESC) FILTER (WHERE c.disable_reason IS NOT NULL))[1] AS disable_reason
            FROM completed c
            JOIN last_success s ON s.endpoint_id = c.endpoint_id
            GROUP BY c.endpoint_id, s.at
        ), change AS (
            SELECT w.id,
                   w.enabled AS was_enabled,
                   e.disable_reason,
                   CASE
                       WHEN e.failing_since IS NULL THEN NULL
                       WHEN e.last_success_at IS NULL THEN coalesce(w.first_failure_at, e.failing_since)
                       ELSE e.failing_since
                   END AS first_failure_at
            FROM effect e
            JOIN clb.webhook_endpoints w ON w.id = e.endpoint_id
        ), endpoints AS (
            UPDATE clb.webhook_endpoints w
            SET first_failure_at = c.first_failure_at,
                enabled = w.enabled AND c.disable_reason IS NULL,
                disabled_reason = CASE WHEN w.enabled AND c.disable_reason IS NOT NULL THEN c.disable_reason ELSE w.disabled_reason END,
                disabled_at = CASE WHEN w.enabled AND c.disable_reason IS NOT NULL THEN @now ELSE w.disabled_at END,
                updated_at = CASE WHEN w.enabled AND c.disable_reason IS NOT NULL THEN @now ELSE w.updated_at END
            FROM change c
            WHERE w.id = c.id
              AND (w.first_failure_at IS DISTINCT FROM c.first_failure_at OR (w.enabled AND c.disable_reason IS NOT NULL))
            RETURNING w.id, c.was_enabled AND NOT w.enabled AS disabled_now
        )
        SELECT (SELECT count(*) FROM completed)::integer,
               ARRAY(SELECT id FROM endpoints WHERE disabled_now ORDER BY id)
        """;

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for <paramref name="owner"/> until <paramref name="leaseUntil"/>,
    /// oldest due first. Callback deliveries and deliveries of enabled endpoints only.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (leaseUntil <= now)
            throw new ArgumentOutOfRangeException(nameof(leaseUntil), leaseUntil, $"The lease must end after now ({now:O}).");

        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("leaseUntil", leaseUntil);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claimed = new List<ClaimedDelivery>(limit);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedDelivery(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<long?>(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetFieldValue<string[]>(8),
                reader.GetFieldValue<DateTimeOffset?>(9)));
        }
        return claimed;
    }

    /// <summary>
    /// Records a batch of attempts in one transaction: one <c>clb.webhook_attempts</c> row each, each delivery's new
    /// state, and the effects on endpoints (failure streaks, disabling). Only deliveries still leased by
    /// <paramref name="owner"/> change: an outcome that arrives after another sender took the delivery over is dropped,
    /// never recorded twice.
    /// </summary>
    /// <exception cref="ArgumentException">An outcome contradicts itself, or one delivery appears twice.</exception>
    public async Task<DeliveryCompletion> CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var outcome in outcomes)
            outcome.Validate();
        if (outcomes.Select(o => o.DeliveryId).Distinct().Count() != outcomes.Count)
            throw new ArgumentException("Each delivery may appear once per batch.", nameof(outcomes));
        if (outcomes.Count == 0)
            return new DeliveryCompletion(0, []);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(CompleteSql, connection, transaction);
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("ids", outcomes.Select(o => o.DeliveryId).ToArray());
        command.Parameters.AddWithValue("states", outcomes.Select(o => o.State).ToArray());
        command.Parameters.AddWithValue("attemptedAts", outcomes.Select(o => o.AttemptedAt).ToArray());
        command.Parameters.AddWithValue("statusCodes", outcomes.Select(o => o.StatusCode).ToArray());
        command.Parameters.AddWithValue("durationsMs", outcomes.Select(o => o.DurationMs).ToArray());
        command.Parameters.AddWithValue("errors", outcomes.Select(o => o.Error).ToArray());
        command.Parameters.AddWithValue("excerpts", outcomes.Select(o => o.ResponseExcerpt).ToArray());
        command.Parameters.AddWithValue("nextAttempts", outcomes.Select(o => o.NextAttemptAt).ToArray());
        command.Parameters.AddWithValue("disableReasons", outcomes.Select(o => o.DisableEndpointReason).ToArray());

        int completed;
        long[] disabled;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (completed, disabled) = (reader.GetInt32(0), reader.GetFieldValue<long[]>(1));
        }
        await PendingDeliveries.FollowEndpointsAsync(connection, transaction, disabled, now, ct);
        await transaction.CommitAsync(ct);
        return new DeliveryCompletion(completed, disabled);
    }
}
