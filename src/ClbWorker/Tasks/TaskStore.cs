using ClbWorker.Database;
using ClbWorker.Observability;
using Npgsql;

namespace ClbWorker.Tasks;

/// <summary>
/// Reads tasks and applies operators' changes to them (cancel, poll now); enqueues (<c>TaskStore.Enqueue.cs</c>) and lists
/// (<c>TaskStore.List.cs</c>) for the API. Shared by the API and the dashboard.
/// </summary>
public sealed partial class TaskStore(NpgsqlDataSource dataSource, ClbMetrics metrics)
{
    /// <summary>The columns <see cref="ReadRecord"/> reads, in its order, for every query that returns tasks (alias <c>t</c>).</summary>
    public const string RecordColumns = """
        t.id, t.task_id, t.region, t.account, t.state, t.last_status, t.last_error_code, t.last_error_message,
        t.last_request_id, t.attempts, t.next_poll_at, t.last_polled_at, t.deadline_at, t.callback_url,
        t.metadata::text, t.created_at, t.updated_at, t.completed_at, t.task_kind, t.load_balancer_ids, t.last_message
        """;

    private const string GetSql = $"SELECT {RecordColumns} FROM clb.tasks t WHERE t.id = @id";

    // Clearing the lease makes a result already in flight a no-op: the polling writer only applies results to rows
    // it still leases. The outbox trigger emits task.cancelled in this same transaction.
    private const string CancelSql = $"""
        UPDATE clb.tasks t
        SET state = 'cancelled', completed_at = coalesce(@now::timestamptz, now()), updated_at = coalesce(@now::timestamptz, now()),
            lease_owner = NULL, lease_expires_at = NULL
        WHERE t.id = @id AND t.state = 'pending'
        RETURNING {RecordColumns}
        """;

    // Due now. A task leased right now stays with its poller (claims skip live leases), and the minimum interval
    // between two polls of one task still applies.
    private const string PollNowSql = $"""
        UPDATE clb.tasks t
        SET next_poll_at = coalesce(@now::timestamptz, now()), updated_at = coalesce(@now::timestamptz, now())
        WHERE t.id = @id AND t.state = 'pending'
        RETURNING {RecordColumns}
        """;

    private const string WakePollersSql = $"SELECT pg_notify('{ClbSchema.TasksEnqueuedChannel}', '')";

    /// <summary>Reads a row that selected <see cref="RecordColumns"/>, starting at column <paramref name="offset"/>.</summary>
    public static TaskRecord ReadRecord(NpgsqlDataReader reader, int offset = 0)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var o = offset;
        return new TaskRecord(
            reader.GetInt64(o), reader.GetString(o + 1), reader.GetString(o + 2), reader.GetString(o + 3), reader.GetString(o + 4),
            reader.GetFieldValue<short?>(o + 5), Text(reader, o + 6), Text(reader, o + 7), Text(reader, o + 8), reader.GetInt32(o + 9),
            reader.GetFieldValue<DateTimeOffset>(o + 10), reader.GetFieldValue<DateTimeOffset?>(o + 11),
            reader.GetFieldValue<DateTimeOffset?>(o + 12), Text(reader, o + 13), reader.GetString(o + 14),
            reader.GetFieldValue<DateTimeOffset>(o + 15), reader.GetFieldValue<DateTimeOffset>(o + 16),
            reader.GetFieldValue<DateTimeOffset?>(o + 17), reader.GetString(o + 18),
            reader.IsDBNull(o + 19) ? null : reader.GetFieldValue<string[]>(o + 19), Text(reader, o + 20));
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public async Task<TaskRecord?> GetAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await SingleAsync(connection, GetSql, id, null, ct);
    }

    /// <summary>Makes a pending task <c>cancelled</c>; a final task is left as it is. Times are the database's (<paramref name="now"/> pins them in tests).</summary>
    public async Task<TaskChange> CancelAsync(long id, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await SingleAsync(connection, CancelSql, id, now, ct) is { } cancelled)
        {
            metrics.TaskFinished(TaskStates.Cancelled, (cancelled.CompletedAt ?? cancelled.CreatedAt) - cancelled.CreatedAt);
            return new TaskChange(cancelled, Changed: true);
        }
        return new TaskChange(await SingleAsync(connection, GetSql, id, null, ct), Changed: false);
    }

    /// <summary>Makes a pending task due now (on the database's clock) and wakes the pollers.</summary>
    public async Task<TaskChange> PollNowAsync(long id, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await SingleAsync(connection, PollNowSql, id, now, ct) is { } due)
        {
            await using var wake = new NpgsqlCommand(WakePollersSql, connection);
            await wake.ExecuteNonQueryAsync(ct);
            return new TaskChange(due, Changed: true);
        }
        return new TaskChange(await SingleAsync(connection, GetSql, id, null, ct), Changed: false);
    }

    private static async Task<TaskRecord?> SingleAsync(NpgsqlConnection connection, string sql, long id, DateTimeOffset? now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("now", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadRecord(reader) : null;
    }
}
