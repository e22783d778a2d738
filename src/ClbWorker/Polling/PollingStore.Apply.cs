using System.Data;
using System.Text.Json;
using ClbWorker.Polling.Decisions;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Polling;

public sealed partial class PollingStore
{
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

    /// <summary>A Dapper parameter for a <c>jsonb[]</c> of JSON texts (Dapper would send a string[] as <c>text[]</c>).</summary>
    private sealed class JsonbArray(string?[] values) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(IDbCommand command, string name) =>
            ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter<string?[]>(name, NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { TypedValue = values });
    }
}

/// <summary>A task a batch of poll results changed: its state now, and from its creation to its end when it is final.</summary>
public sealed record AppliedUpdate(long Id, string State, TimeSpan? EnqueueToFinal);
