using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Tasks;

public sealed partial class TaskStore
{
    // clb.enqueue_tasks (migrations 0006, 0011): one round trip for the whole batch. Its rows come back as a composite
    // that the lateral subquery expands under the alias RecordColumns expects.
    private const string EnqueueSql = $"""
        SELECT e.ordinal, e.created, {RecordColumns}
        FROM clb.enqueue_tasks(@task_ids, @regions, @accounts, @callback_urls, @metadata, @deadlines, @task_kinds) e
        CROSS JOIN LATERAL (SELECT (e.task).*) t
        ORDER BY e.ordinal
        """;

    /// <summary>
    /// Adds the tasks that do not exist yet and returns, for each element of <paramref name="tasks"/> in order, its
    /// row and whether this call created it. An existing task is returned unchanged, whatever else differs; the same
    /// task twice in one call is created once and existing the second time. The elements must have passed the
    /// table's rules (the API's validator checks them); one that breaks a constraint fails the whole call.
    /// </summary>
    /// <returns>One entry per element; null for an element whose row was deleted while this call ran.</returns>
    public async Task<IReadOnlyList<EnqueuedTask?>> EnqueueAsync(IReadOnlyList<NewTask> tasks, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var results = new EnqueuedTask?[tasks.Count];
        if (tasks.Count == 0)
            return results;

        // The first occurrence of each key goes to the database; later ones repeat its row as existing.
        var slotOf = new Dictionary<(string, string, string, string), int>();
        var firstIndexOf = new Dictionary<(string, string, string, string), int>();
        var distinct = new List<NewTask>(tasks.Count);
        for (var i = 0; i < tasks.Count; i++)
        {
            if (slotOf.TryAdd(tasks[i].Key, distinct.Count))
            {
                firstIndexOf[tasks[i].Key] = i;
                distinct.Add(tasks[i]);
            }
        }

        var rows = new EnqueuedTask?[distinct.Count];
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        await using (var command = new NpgsqlCommand(EnqueueSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]>("task_ids", [.. distinct.Select(t => t.TaskId)]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("regions", [.. distinct.Select(t => t.Region)]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("accounts", [.. distinct.Select(t => t.Account)]));
            command.Parameters.Add(new NpgsqlParameter<string?[]>("callback_urls", [.. distinct.Select(t => t.CallbackUrl)]));
            command.Parameters.Add(new NpgsqlParameter<string[]>("metadata", NpgsqlDbType.Array | NpgsqlDbType.Jsonb)
                { TypedValue = [.. distinct.Select(t => t.Metadata)] });
            command.Parameters.Add(new NpgsqlParameter<DateTime?[]>("deadlines", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
                { TypedValue = [.. distinct.Select(t => t.DeadlineAt?.UtcDateTime)] });
            command.Parameters.Add(new NpgsqlParameter<string[]>("task_kinds", [.. distinct.Select(t => t.TaskKind)]));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var ordinal = reader.GetInt32(0);
                var created = reader.GetBoolean(1);
                rows[ordinal - 1] = new EnqueuedTask(ReadRecord(reader, offset: 2), created);
            }
        }

        for (var i = 0; i < tasks.Count; i++)
        {
            var row = rows[slotOf[tasks[i].Key]];
            results[i] = row is not null && firstIndexOf[tasks[i].Key] != i ? row with { Created = false } : row;
        }
        return results;
    }
}
