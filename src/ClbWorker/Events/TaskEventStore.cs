using ClbWorker.Tasks;
using Npgsql;

namespace ClbWorker.Events;

/// <summary>Reads <c>clb.task_events</c> (written by the trigger of migration 0012) and the tasks that waiters wait for.</summary>
public sealed class TaskEventStore(NpgsqlDataSource dataSource)
{
    private const string EventColumns = "e.id, e.task_row_id, e.type, e.account, e.region, e.task_id, e.state, e.body";

    private const string HeadSql = "SELECT coalesce(max(id), 0) FROM clb.task_events";

    private const string ReadAfterSql = $"""
        SELECT {EventColumns} FROM clb.task_events e WHERE e.id > @after ORDER BY e.id LIMIT @limit
        """;

    private const string TasksSql = $"SELECT {TaskStore.RecordColumns} FROM clb.tasks t WHERE t.id = ANY(@ids)";

    // The head is read in the same statement, so in the same snapshot as the events: everything up to it that this
    // snapshot does not show was rolled back (ids are drawn in commit order), and a filtered stream can move its
    // position to the head even when few of the events matched.
    private const string MatchingSql = $"""
        SELECT h.head, {EventColumns}
        FROM (SELECT coalesce(max(id), 0) AS head FROM clb.task_events) h
        LEFT JOIN LATERAL (
            SELECT * FROM clb.task_events e
            WHERE e.id > @after AND e.id <= h.head
              AND (@polls OR e.type <> 'task.polled')
              AND (@account::text IS NULL OR e.account = @account)
              AND (@region::text IS NULL OR e.region = @region)
              AND (@taskId::text IS NULL OR e.task_id = @taskId)
              AND (@states::text[] IS NULL OR e.state = ANY(@states))
            ORDER BY e.id
            LIMIT @limit
        ) e ON true
        ORDER BY e.id
        """;

    private const string PrunedSql = "SELECT coalesce(max(through), 0) FROM clb.task_events_pruned WHERE kind = 'final' OR (@polls AND kind = 'poll')";

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken ct) => dataSource.OpenConnectionAsync(ct);

    /// <summary>The highest event id committed so far (0 when there is none).</summary>
    public async Task<long> HeadAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(HeadSql);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public static async Task<long> HeadAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(HeadSql, connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Events after <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public static async Task<IReadOnlyList<TaskEvent>> ReadAfterAsync(NpgsqlConnection connection, long after, int limit, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ReadAfterSql, connection);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<TaskEvent>();
        while (await reader.ReadAsync(ct))
            events.Add(Read(reader, 0));
        return events;
    }

    /// <summary>The tasks with these ids that exist, by id.</summary>
    public static async Task<Dictionary<long, TaskRecord>> ReadTasksAsync(NpgsqlConnection connection, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(TasksSql, connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tasks = new Dictionary<long, TaskRecord>(ids.Count);
        while (await reader.ReadAsync(ct))
        {
            var task = TaskStore.ReadRecord(reader);
            tasks[task.Id] = task;
        }
        return tasks;
    }

    /// <summary>One task, read on its own (null when it does not exist).</summary>
    public async Task<TaskRecord?> ReadTaskAsync(long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (await ReadTasksAsync(connection, [id], ct)).GetValueOrDefault(id);
    }

    /// <summary>
    /// Events after <paramref name="after"/> that match <paramref name="filter"/>, oldest first, at most <paramref name="limit"/>;
    /// and how far they cover: the last one's id when the limit was reached, else the head (every event up to it was examined).
    /// </summary>
    public async Task<(IReadOnlyList<TaskEvent> Events, long Through)> ReadMatchingAsync(EventFilter filter, long after, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var command = dataSource.CreateCommand(MatchingSql);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("polls", filter.Polls);
        command.Parameters.Add(new NpgsqlParameter<string?>("account", filter.Account) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?>("region", filter.Region) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string?>("taskId", filter.TaskId) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]?>("states", filter.States?.ToArray())
            { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var events = new List<TaskEvent>();
        long head = after;
        while (await reader.ReadAsync(ct))
        {
            head = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
                events.Add(Read(reader, 1));
        }
        return (events, events.Count >= limit ? events[^1].Id : Math.Max(head, after));
    }

    /// <summary>The highest id retention has deleted through for these events (poll events are deleted sooner).</summary>
    public async Task<long> PrunedThroughAsync(bool polls, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PrunedSql);
        command.Parameters.AddWithValue("polls", polls);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static TaskEvent Read(NpgsqlDataReader reader, int o) => new(
        reader.GetInt64(o), reader.GetInt64(o + 1), reader.GetString(o + 2), reader.GetString(o + 3), reader.GetString(o + 4),
        reader.GetString(o + 5), reader.GetString(o + 6), reader.GetString(o + 7));
}
