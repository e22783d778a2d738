using System.Data;
using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Polling;

/// <summary>Claiming pending tasks and writing poll results back; all SQL over <c>clb.tasks</c> the engine runs.</summary>
public sealed class PollingStore(NpgsqlDataSource dataSource)
{
    // The most overdue rows decide which (account, region) groups get served first; the sample is
    // bounded so that this stays an index range scan however large the backlog.
    private const string SampleDueGroupsSql = """
        SELECT account AS Account, region AS Region, count(*) AS Due
        FROM (
            SELECT t.account, t.region, t.next_poll_at
            FROM clb.tasks t
            WHERE t.state = 'pending' AND t.next_poll_at <= @dueBefore
              AND NOT EXISTS (SELECT 1 FROM clb.account_pauses p WHERE p.account = t.account AND p.retry_at > @now)
            ORDER BY t.next_poll_at
            LIMIT @sample
        ) due
        GROUP BY account, region
        ORDER BY min(next_poll_at)
        """;

    // Oldest due first; SKIP LOCKED lets workers claim side by side; the lease moves next_poll_at to its
    // expiry, so a task whose worker died becomes due again by itself.
    private const string ClaimSql = """
        WITH picked AS (
            SELECT t.id
            FROM clb.tasks t
            WHERE t.state = 'pending'
              AND t.account = @account
              AND t.region = ANY(@regions)
              AND t.next_poll_at <= @dueBefore
              AND (t.lease_expires_at IS NULL OR t.lease_expires_at <= @now)
              AND (t.last_polled_at IS NULL OR t.last_polled_at <= @polledBefore)
            ORDER BY t.next_poll_at, t.id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
        )
        UPDATE clb.tasks t
        SET lease_owner = @owner, lease_expires_at = @leaseUntil, next_poll_at = @leaseUntil, updated_at = @now
        FROM picked
        WHERE t.id = picked.id
        RETURNING t.id AS Id, t.task_id AS TaskId, t.region AS Region, t.account AS Account, t.attempts AS Attempts,
                  t.created_at AS CreatedAt, t.deadline_at AS DeadlineAt, t.last_polled_at AS LastPolledAt, t.task_kind AS TaskKind
        """;

    // One statement per batch. Each task's LoadBalancerIds travel as a JSON array (jsonb[]): unnest would flatten a
    // text[][], and its rows would have to be of one length anyway. Only rows still leased by this worker change: a result that arrives after
    // the lease expired (and another worker took the task) is dropped, never applied twice.
    private const string ApplySql = """
        UPDATE clb.tasks t
        SET state = u.state,
            last_status = coalesce(u.last_status, t.last_status),
            last_error_code = CASE WHEN u.attempt_increment > 0 OR u.error_code IS NOT NULL THEN u.error_code ELSE t.last_error_code END,
            last_error_message = CASE WHEN u.attempt_increment > 0 OR u.error_code IS NOT NULL THEN u.error_message ELSE t.last_error_message END,
            last_request_id = coalesce(u.request_id, t.last_request_id),
            -- Kept from the latest answer that had them.
            load_balancer_ids = CASE WHEN u.load_balancer_ids IS NULL THEN t.load_balancer_ids
                                     ELSE ARRAY(SELECT jsonb_array_elements_text(u.load_balancer_ids)) END,
            last_message = coalesce(u.message, t.last_message),
            attempts = t.attempts + u.attempt_increment,
            next_poll_at = u.next_poll_at,
            last_polled_at = coalesce(u.polled_at, t.last_polled_at),
            lease_owner = NULL,
            lease_expires_at = NULL,
            updated_at = @now,
            completed_at = CASE WHEN u.state <> 'pending' THEN @now END
        FROM unnest(@ids, @states, @statuses, @codes, @messages, @requestIds, @increments, @nextPolls, @polledAts,
                    @loadBalancerIds, @answerMessages)
             AS u(id, state, last_status, error_code, error_message, request_id, attempt_increment, next_poll_at, polled_at,
                  load_balancer_ids, message)
        WHERE t.id = u.id AND t.lease_owner = @owner AND t.state = 'pending'
        RETURNING t.id
        """;

    private const string PendingOfAccountSql = """
        SELECT id FROM clb.tasks
        WHERE state = 'pending' AND account = @account AND next_poll_at <= @now
        ORDER BY next_poll_at
        LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string InvalidateSql = """
        UPDATE clb.tasks
        SET state = 'invalid', last_error_code = @code, last_error_message = @message,
            updated_at = @now, completed_at = @now, lease_owner = NULL, lease_expires_at = NULL
        WHERE id = ANY(@ids) AND state = 'pending'
        """;

    public async Task<IReadOnlyList<DueGroup>> SampleDueGroupsAsync(DateTimeOffset now, DateTimeOffset dueBefore, int sample, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<DueGroup>(new CommandDefinition(SampleDueGroupsSql,
            new { now, dueBefore, sample }, cancellationToken: ct));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<ClaimedTask>> ClaimAsync(ClaimRequest request, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("account", request.Account);
        command.Parameters.AddWithValue("regions", request.Regions.ToArray());
        command.Parameters.AddWithValue("dueBefore", request.DueBefore);
        command.Parameters.AddWithValue("polledBefore", request.PolledBefore);
        command.Parameters.AddWithValue("now", request.Now);
        command.Parameters.AddWithValue("limit", request.Limit);
        command.Parameters.AddWithValue("owner", request.Owner);
        command.Parameters.AddWithValue("leaseUntil", request.LeaseUntil);
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

    /// <returns>The ids of the tasks that changed (results for tasks no longer leased to <paramref name="owner"/> are dropped).</returns>
    public async Task<IReadOnlySet<long>> ApplyAsync(IReadOnlyList<TaskUpdate> updates, string owner, DateTimeOffset now, CancellationToken ct)
    {
        if (updates.Count == 0)
            return new HashSet<long>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var applied = await connection.QueryAsync<long>(new CommandDefinition(ApplySql, new
        {
            owner,
            now,
            ids = updates.Select(u => u.Id).ToArray(),
            states = updates.Select(u => u.State).ToArray(),
            statuses = updates.Select(u => u.LastStatus).ToArray(),
            codes = updates.Select(u => u.ErrorCode).ToArray(),
            messages = updates.Select(u => u.ErrorMessage).ToArray(),
            requestIds = updates.Select(u => u.RequestId).ToArray(),
            increments = updates.Select(u => u.AttemptIncrement).ToArray(),
            nextPolls = updates.Select(u => u.NextPollAt).ToArray(),
            polledAts = updates.Select(u => u.PolledAt).ToArray(),
            loadBalancerIds = new JsonbArray(updates.Select(u => u.LoadBalancerIds is null ? null : JsonSerializer.Serialize(u.LoadBalancerIds)).ToArray()),
            answerMessages = updates.Select(u => u.Message).ToArray(),
        }, cancellationToken: ct));
        return applied.ToHashSet();
    }

    /// <summary>Makes due tasks of one account final as <c>invalid</c>, a bounded batch at a time.</summary>
    public async Task<int> InvalidateDueOfAccountAsync(string account, string code, string message, DateTimeOffset now, int limit, CancellationToken ct)
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
