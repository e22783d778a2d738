using Npgsql;

namespace ClbWorker.Webhooks.Outbox;

public sealed partial class DeliveryStore
{
    // Texts are cut to the attempt table's CHECK limits (DeliveryOutcome.MaxErrorLength, MaxResponseExcerptLength).
    // One statement for the batch, on the database's clock: the deliveries (only those still leased by @owner), their
    // attempt rows, the endpoints' failure streaks, and deliveries handed back untouched. A streak starts at the first
    // failure after the batch's last success (or carries on from the row's own start when the batch has no success)
    // and ends with a success; with several senders this is exact to within one batch, plenty for a rule counted in
    // days. An endpoint whose streak has lasted @disableAfter is disabled here, as is one that answered 410. An
    // endpoint row is only written when its streak or enabled state changes, so the common case (a success on a healthy
    // endpoint) takes no endpoint lock. A host that answered 2xx is back: its deliveries waiting for a retry are due at
    // once (the per-host cap still paces them), so a backlog drains within seconds of a receiver's return.
    internal const string CompleteSql = """
        WITH clock AS (
            SELECT coalesce(@now::timestamptz, now()) AS now
        ), outcome AS (
            SELECT *
            FROM unnest(@ids, @states, @attemptedAts, @statusCodes, @durationsMs, @errors, @excerpts, @retryIns, @disableReasons)
                 AS o(id, state, attempted_at, status_code, duration_ms, error, excerpt, retry_in, disable_reason)
        ), completed AS (
            UPDATE clb.webhook_deliveries d
            SET state = o.state,
                attempts = d.attempts + 1,
                next_attempt_at = CASE WHEN o.state = 'pending' THEN clock.now + o.retry_in ELSE d.next_attempt_at END,
                lease_owner = NULL,
                lease_expires_at = NULL,
                last_status_code = o.status_code,
                last_error = left(o.error, 2000),
                updated_at = clock.now,
                delivered_at = CASE WHEN o.state = 'delivered' THEN o.attempted_at END,
                failed_at = CASE WHEN o.state = 'failed' THEN clock.now END
            FROM outcome o, clock
            WHERE d.id = o.id AND d.lease_owner = @owner AND d.state = 'pending'
            RETURNING d.id, d.endpoint_id, d.url, o.state, o.attempted_at, o.status_code, o.duration_ms, o.error, o.excerpt, o.disable_reason
        ), logged AS (
            INSERT INTO clb.webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, error, response_excerpt)
            SELECT id, attempted_at, status_code, duration_ms, left(error, 2000),
                   left(excerpt, 4096)
            FROM completed
        ), released AS (
            UPDATE clb.webhook_deliveries d
            SET lease_owner = NULL, lease_expires_at = NULL, next_attempt_at = clock.now, updated_at = clock.now
            FROM clock
            WHERE d.id = ANY(@releasedIds) AND d.lease_owner = @owner AND d.state = 'pending'
            RETURNING d.id
        ), recovered AS (
            SELECT DISTINCT clb.url_authority(c.url) AS host FROM completed c WHERE c.state = 'delivered'
        ), flushed AS (
            UPDATE clb.webhook_deliveries d
            SET next_attempt_at = clock.now, updated_at = clock.now
            FROM recovered r, clock
            WHERE d.state = 'pending'
              AND clb.url_authority(d.url) = r.host
              AND d.attempts > 0
              AND d.next_attempt_at > clock.now
              AND d.next_attempt_at <> 'infinity'
              AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= clock.now)
              AND d.id <> ALL(@ids)
              AND d.id <> ALL(@releasedIds)
            RETURNING d.id
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
        ), streak AS (
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
        ), change AS (
            SELECT s.id, s.was_enabled, s.first_failure_at,
                   coalesce(s.disable_reason,
                            CASE WHEN s.first_failure_at <= clock.now - @disableAfter
                                 THEN format('every delivery failed since %s, longer than %s (%s)',
                                             clb.iso_utc(s.first_failure_at), @disableAfterText, 'Webhooks:DisableEndpointAfterFailingFor')
                            END) AS disable_reason
            FROM streak s, clock
        ), endpoints AS (
            UPDATE clb.webhook_endpoints w
            SET first_failure_at = c.first_failure_at,
                enabled = w.enabled AND c.disable_reason IS NULL,
                disabled_reason = CASE WHEN w.enabled AND c.disable_reason IS NOT NULL THEN c.disable_reason ELSE w.disabled_reason END,
                disabled_at = CASE WHEN w.enabled AND c.disable_reason IS NOT NULL THEN clock.now ELSE w.disabled_at END,
                updated_at = CASE WHEN w.enabled AND c.disable_reason IS NOT NULL THEN clock.now ELSE w.updated_at END
            FROM change c, clock
            WHERE w.id = c.id
              AND (w.first_failure_at IS DISTINCT FROM c.first_failure_at OR (w.enabled AND c.disable_reason IS NOT NULL))
            RETURNING w.id, c.was_enabled AND NOT w.enabled AS disabled_now, c.disable_reason
        )
        SELECT ARRAY(SELECT id FROM endpoints WHERE disabled_now ORDER BY id),
               ARRAY(SELECT disable_reason FROM endpoints WHERE disabled_now ORDER BY id),
               (SELECT count(*) FROM flushed)::integer
        """;

    /// <summary>
    /// Records a batch of attempts in one transaction: one <c>clb.webhook_attempts</c> row each, each delivery's new
    /// state, the effects on endpoints (failure streaks, disabling after 410 or <paramref name="disableAfter"/> of
    /// failures), hosts that answered again, and deliveries handed back untouched. Only deliveries still leased by
    /// <paramref name="owner"/> change: an outcome that arrives after another sender took the delivery over is dropped,
    /// never recorded twice.
    /// </summary>
    /// <exception cref="ArgumentException">An outcome contradicts itself, or one delivery appears twice.</exception>
    public async Task<DeliveryCompletion> CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, TimeSpan disableAfter,
        CancellationToken ct, DateTimeOffset? now = null)
    {
        foreach (var outcome in outcomes)
            outcome.Validate();
        if (outcomes.Select(o => o.DeliveryId).Distinct().Count() != outcomes.Count)
            throw new ArgumentException("Each delivery may appear once per batch.", nameof(outcomes));
        if (outcomes.Count == 0)
            return new DeliveryCompletion([], 0);
        var attempts = outcomes.Where(o => !o.Released).ToList();

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(CompleteSql, connection, transaction);
        command.Parameters.Add(Now(now));
        command.Parameters.AddWithValue("owner", owner);
        command.Parameters.AddWithValue("disableAfter", disableAfter);
        command.Parameters.AddWithValue("disableAfterText", Describe(disableAfter));
        command.Parameters.AddWithValue("ids", attempts.Select(o => o.DeliveryId).ToArray());
        command.Parameters.AddWithValue("states", attempts.Select(o => o.State).ToArray());
        command.Parameters.AddWithValue("attemptedAts", attempts.Select(o => o.AttemptedAt).ToArray());
        command.Parameters.AddWithValue("statusCodes", attempts.Select(o => o.StatusCode).ToArray());
        command.Parameters.AddWithValue("durationsMs", attempts.Select(o => o.DurationMs).ToArray());
        command.Parameters.AddWithValue("errors", attempts.Select(o => o.Error).ToArray());
        command.Parameters.AddWithValue("excerpts", attempts.Select(o => o.ResponseExcerpt).ToArray());
        command.Parameters.AddWithValue("retryIns", attempts.Select(o => o.RetryIn ?? TimeSpan.Zero).ToArray());
        command.Parameters.AddWithValue("disableReasons", attempts.Select(o => o.DisableEndpointReason).ToArray());
        command.Parameters.AddWithValue("releasedIds", outcomes.Where(o => o.Released).Select(o => o.DeliveryId).ToArray());

        DeliveryCompletion completion;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            var ids = reader.GetFieldValue<long[]>(0);
            var reasons = reader.GetFieldValue<string[]>(1);
            completion = new DeliveryCompletion([.. ids.Zip(reasons)], reader.GetInt32(2));
        }
        await PendingDeliveries.FollowEndpointsAsync(connection, transaction, [.. completion.DisabledEndpoints.Select(e => e.Id)], ct, now);
        await transaction.CommitAsync(ct);
        return completion;
    }

    private static string Describe(TimeSpan duration) =>
        duration.TotalDays >= 1 && duration.Ticks % TimeSpan.TicksPerDay == 0
            ? $"{duration.TotalDays:0} days"
            : duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}
