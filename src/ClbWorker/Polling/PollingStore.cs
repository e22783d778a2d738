using System.Data;
using System.Text.Json;
using ClbWorker.Polling.Decisions;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Polling;

/// <summary>
/// Claiming pending tasks and writing poll results back; all SQL over <c>clb.tasks</c> the engine runs. Every
/// comparison of a time with a stored one happens here, in SQL, on the database's clock: <c>@now</c> is null in
/// production (the database's <c>now()</c>) and set only by tests that pin time.
/// </summary>
public sealed class PollingStore(NpgsqlDataSource dataSource)
{
    // Which (account, region) groups have due work, most overdue first. A skip scan over the due index visits each
    // group once, however many tasks it holds, so a paused account's backlog of any size costs one index probe; its
    // groups are dropped before their due rows are looked at.
    internal const string DueGroupsSql = """
        WITH RECURSIVE clock AS (
            SELECT coalesce(@now::timestamptz, now()) AS now
        ), grp AS (
            (SELECT t.account, t.region FROM clb.tasks t WHERE t.state = 'pending' ORDER BY t.account, t.region LIMIT 1)
            UNION ALL
            SELECT n.account, n.region
            FROM grp g
            CROSS JOIN LATERAL (
                SELECT t.account, t.region FROM clb.tasks t
                WHERE t.state = 'pending' AND (t.account, t.region) > (g.account, g.region)
                ORDER BY t.account, t.region
                LIMIT 1) n
        )
        SELECT g.account AS Account, g.region AS Region, d.next_poll_at AS EarliestDue
        FROM grp g
        CROSS JOIN clock c
        CROSS JOIN LATERAL (
            SELECT t.next_poll_at FROM clb.tasks t
            WHERE t.state = 'pending' AND t.account = g.account AND t.region = g.region
              AND t.next_poll_at <= c.now + @dueWithin
            ORDER BY t.next_poll_at
            LIMIT 1) d
        WHERE NOT EXISTS (SELECT 1 FROM clb.account_pauses p WHERE p.account = g.account AND p.retry_at > c.now)
        ORDER BY d.next_poll_at, g.account, g.region
        """;

    // Most overdue first, per region of the key through the index that starts with (account, region); SKIP LOCKED lets
    // workers claim side by side. The lease moves next_poll_at to its expiry, so a task whose worker died becomes due
    // again by itself.
    internal const string ClaimSql = """
        WITH clock AS (
            SELECT coalesce(@now::timestamptz, now()) AS now
        ), picked AS (
            SELECT c.id
            FROM clock
            CROSS JOIN unnest(@regions::text[]) AS r(region)
            CROSS JOIN LATERAL (
                SELECT t.id, t.next_poll_at
                FROM clb.tasks t
                WHERE t.state = 'pending'
                  AND t.account = @account
                  AND t.region = r.region
                  AND t.next_poll_at <= clock.now + @dueWithin
                  AND (t.lease_expires_at IS NULL OR t.lease_expires_at <= clock.now)
                  AND (t.last_polled_at IS NULL OR t.last_polled_at <= clock.now - @minInterval)
                ORDER BY t.next_poll_at, t.id
                LIMIT @limit
                FOR UPDATE OF t SKIP LOCKED) c
            ORDER BY c.next_poll_at, c.id
            LIMIT @limit
        )
        UPDATE clb.tasks t
        SET lease_owner = @owner, lease_expires_at = clock.now + @lease, next_poll_at = clock.now + @lease, updated_at = clock.now
        FROM picked, clock
        WHERE t.id = picked.id
        RETURNING t.id, t.task_id, t.region, t.account, t.attempts, t.created_at, t.deadline_at, t.last_polled_at, t.task_kind
        """;

    // One statement per batch. Only rows still leased by this worker change: a result that arrives after the lease
    // expired (and another worker took the task) is dropped, never applied twice. A task still running that was polled
    // at or after its deadline ends timed_out here, on the database's clock; otherwise it is due again after its delay,
    // and never later than its deadline, so "still running at its deadline" is observed by a poll, not assumed. Each
    // task's LoadBalancerIds travel as a JSON array (jsonb[]): unnest would flatten a text[][].
    internal const string ApplySql = """
        WITH clock AS (
            SELECT coalesce(@now::timestamptz, now()) AS now
        ), answer AS (
            SELECT u.*,
                   coalesce(t.deadline_at, t.created_at + @defaultDeadline) AS deadline,
                   coalesce(u.polled_at, clock.now) AS at,
                   clock.now
            FROM unnest(@ids, @states, @statuses, @codes, @messages, @requestIds, @increments, @delays, @polledAts,
                        @loadBalancerIds, @answerMessages)
                 AS u(id, state, last_status, error_code, error_message, request_id, attempt_increment, delay, polled_at,
                      load_balancer_ids, message)
            JOIN clb.tasks t ON t.id = u.id
            CROSS JOIN clock
        ), decided AS (
            SELECT a.*,
                   a.state = 'pending' AND a.attempt_increment > 0 AND a.at >= a.deadline AS timed_out
            FROM answer a
        )
        UPDATE clb.tasks t
        SET state = CASE WHEN d.timed_out THEN 'timed_out' ELSE d.state END,
            last_status = coalesce(d.last_status, t.last_status),
            last_error_code = CASE
                WHEN d.timed_out THEN coalesce(d.error_code, 'DeadlineExceeded')
                WHEN d.attempt_increment > 0 OR d.error_code IS NOT NULL THEN d.error_code
                ELSE t.last_error_code END,
            last_error_message = CASE
                WHEN d.timed_out AND d.error_code IS NULL THEN format('Still running at its deadline %s.', clb.iso_utc(d.deadline))
                WHEN d.timed_out THEN format('No final answer by its deadline %s; last error %s: %s',
                                             clb.iso_utc(d.deadline), d.error_code, d.error_message)
                WHEN d.attempt_increment > 0 OR d.error_code IS NOT NULL THEN d.error_message
                ELSE t.last_error_message END,
            last_request_id = coalesce(d.request_id, t.last_request_id),
            -- Kept from the latest answer that had them.
            load_balancer_ids = CASE WHEN d.load_balancer_ids IS NULL THEN t.load_balancer_ids
                                     ELSE ARRAY(SELECT jsonb_array_elements_text(d.load_balancer_ids)) END,
            last_message = coalesce(d.message, t.last_message),
            attempts = t.attempts + d.attempt_increment,
            next_poll_at = CASE
                WHEN d.state <> 'pending' OR d.timed_out THEN d.now
                WHEN d.polled_at IS NULL THEN d.now + d.delay
                ELSE least(d.polled_at + d.delay, d.deadline) END,
            last_polled_at = coalesce(d.polled_at, t.last_polled_at),
            lease_owner = NULL,
            lease_expires_at = NULL,
            updated_at = d.now,
            completed_at = CASE WHEN d.state <> 'pending' OR d.timed_out THEN d.now END
        FROM decided d
        WHERE t.id = d.id AND t.lease_owner = @owner AND t.state = 'pending'
        RETURNING t.id, t.state, extract(epoch FROM t.completed_at - t.created_at)::double precision
        """;

    private const string PendingOfAccountSql = """
        SELECT id FROM clb.tasks
        WHERE state = 'pending' AND account = @account AND next_poll_at <= coalesce(@now::timestamptz, now())
        ORDER BY next_poll_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string InvalidateSql = """
        UPDATE clb.tasks
        SET state = 'invalid', last_error_code = @code, last_error_message = @message,
            updated_at = coalesce(@now::timestamptz, now()), completed_at = coalesce(@now::timestamptz, now()),
            lease_owner = NULL, lease_expires_at = NULL
        WHERE id = ANY(@ids) AND state = 'pending'
        """;

    /// <summary>The (account, region) groups with tasks due within <paramref name="dueWithin"/>, most overdue first; paused accounts left out until their probe is due.</summary>
    public async Task<IReadOnlyList<DueGroup>> DueGroupsAsync(TimeSpan dueWithin, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = dataSource.CreateCommand(DueGroupsSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("now", NpgsqlDbType.TimestampTz) { TypedValue = now });
        command.Parameters.AddWithValue("dueWithin", dueWithin);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var groups = new List<DueGroup>();
        while (await reader.ReadAsync(ct))
            groups.Add(new DueGroup(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        return groups;
    }

    public async Task<IReadOnlyList<ClaimedTask>> ClaimAsync(ClaimRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("now", NpgsqlDbType.TimestampTz) { TypedValue = request.Now });
        command.Parameters.AddWithValue("account", request.Account);
        command.Parameters.AddWithValue("regions", request.Regions.ToArray());
        command.Parameters.AddWithValue("dueWithin", request.DueWithin);
        command.Parameters.AddWithValue("minInterval", request.MinInterval);
        command.Parameters.AddWithValue("limit", request.Limit);
        command.Parameters.AddWithValue("owner", request.Owner);
        command.Parameters.AddWithValue("lease", request.Lease);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var claimed = new List<ClaimedTask>(request.Limit);
        while (await reader.ReadAsync(ct))
        {
            claimed.Add(new ClaimedTask(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetString(8)));
        }
        return claimed;
    }

    /// <summary>Writes a batch of poll results in a transaction of its own; see the overload that joins one.</summary>
    public async Task<IReadOnlyList<AppliedUpdate>> ApplyAsync(IReadOnlyList<TaskUpdate> updates, string owner, TimeSpan defaultDeadline,
        CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var applied = await ApplyAsync(connection, transaction, updates, owner, defaultDeadline, ct, now);
        await transaction.CommitAsync(ct);
        return applied;
    }

    /// <summary>
    /// Writes a batch of poll results inside <paramref name="transaction"/>. Results for tasks no longer leased to
    /// <paramref name="owner"/> are dropped.
    /// </summary>
    /// <param name="defaultDeadline">The deadline of a task without its own, counted from its creation.</param>
    /// <returns>The tasks that changed, with the state each has now.</returns>
    public static async Task<IReadOnlyList<AppliedUpdate>> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<TaskUpdate> updates, string owner, TimeSpan defaultDeadline, CancellationToken ct, DateTimeOffset? now = null)
    {
        if (updates.Count == 0)
            return [];
        var applied = await connection.QueryAsync<(long Id, string State, double? SecondsToFinal)>(new CommandDefinition(ApplySql, new
        {
            owner,
            now,
            defaultDeadline,
            ids = updates.Select(u => u.Id).ToArray(),
            states = updates.Select(u => u.State).ToArray(),
            statuses = updates.Select(u => u.LastStatus).ToArray(),
            codes = updates.Select(u => u.ErrorCode).ToArray(),
            messages = updates.Select(u => u.ErrorMessage).ToArray(),
            requestIds = updates.Select(u => u.RequestId).ToArray(),
            increments = updates.Select(u => u.AttemptIncrement).ToArray(),
            delays = updates.Select(u => u.NextPollIn).ToArray(),
            polledAts = updates.Select(u => u.PolledAt).ToArray(),
            loadBalancerIds = new JsonbArray(updates.Select(u => u.LoadBalancerIds is null ? null : JsonSerializer.Serialize(u.LoadBalancerIds)).ToArray()),
            answerMessages = updates.Select(u => u.Message).ToArray(),
        }, transaction, cancellationToken: ct));
        return [.. applied.Select(a => new AppliedUpdate(a.Id, a.State, a.SecondsToFinal is { } s ? TimeSpan.FromSeconds(s) : null))];
    }

    /// <summary>Makes due tasks of one account final as <c>invalid</c>, a bounded batch at a time.</summary>
    public async Task<int> InvalidateDueOfAccountAsync(string account, string code, string message, int limit, CancellationToken ct,
        DateTimeOffset? now = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var ids = (await connection.QueryAsync<long>(new CommandDefinition(PendingOfAccountSql,
            new { account, now, limit }, transaction, cancellationToken: ct))).ToArray();
        var changed = ids.Length == 0 ? 0 : await connection.ExecuteAsync(new CommandDefinition(InvalidateSql,
            new { ids, code, message, now }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
        return changed;
    }

    /// <summary>A Dapper parameter for a <c>jsonb[]</c> of JSON texts (Dapper would send a string[] as <c>text[]</c>).</summary>
    private sealed class JsonbArray(string?[] values) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(IDbCommand command, string name) =>
            ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = values });
    }
}

/// <summary>A task a batch of poll results changed: its state now, and from its creation to its end when it is final.</summary>
public sealed record AppliedUpdate(long Id, string State, TimeSpan? EnqueueToFinal);
