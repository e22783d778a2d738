using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Polling;

/// <summary>
/// Claiming pending tasks and writing poll results back (<c>PollingStore.Apply.cs</c>); all SQL over <c>clb.tasks</c>
/// the engine runs. Every comparison of a time with a stored one happens here, in SQL, on the database's clock:
/// <c>@now</c> is null in production (the database's <c>now()</c>) and set only by tests that pin time.
/// </summary>
public sealed partial class PollingStore(NpgsqlDataSource dataSource)
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
        SELECT g.account AS Account, g.region AS Region
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
            groups.Add(new DueGroup(reader.GetString(0), reader.GetString(1)));
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
}
