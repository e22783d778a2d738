using Npgsql;

namespace ClbWorker.Retention;

/// <summary>
/// Deletes old rows of <c>clb.task_events</c> (migration 0012) and of the rate-chart history. Events go by id ranges:
/// the horizon in <c>clb.task_events_pruned</c> is raised first, in its own transaction, so a stream never resumes
/// into a range that is being deleted without being told (410).
/// </summary>
public sealed class EventRetentionStore(NpgsqlDataSource dataSource)
{
    // Ids are drawn in commit order under the recording lock, and recorded_at is read after it, so ids and times
    // grow together: every event up to this id was recorded before the cutoff.
    private const string ThroughSql = """
        SELECT coalesce(max(id), 0) FROM clb.task_events
        WHERE recorded_at < @cutoff AND (NOT @pollsOnly OR type = 'task.polled')
        """;

    private const string RaiseHorizonSql = """
        UPDATE clb.task_events_pruned SET through = greatest(through, @through) WHERE kind = @kind
        """;

    private const string DeleteSql = """
        DELETE FROM clb.task_events
        WHERE id IN (
            SELECT id FROM clb.task_events
            WHERE id <= @through AND (NOT @pollsOnly OR type = 'task.polled')
            ORDER BY id
            LIMIT @batchSize)
        """;

    private const string DeleteHistorySql = "DELETE FROM clb.rate_limit_history WHERE bucket_start < @cutoff";

    /// <summary>Deletes the events recorded before <paramref name="cutoff"/> (only poll events with <paramref name="pollsOnly"/>).</summary>
    /// <returns>How many were deleted.</returns>
    public async Task<long> DeleteEventsAsync(DateTimeOffset cutoff, bool pollsOnly, int batchSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        long through;
        await using (var find = new NpgsqlCommand(ThroughSql, connection))
        {
            find.Parameters.AddWithValue("cutoff", cutoff);
            find.Parameters.AddWithValue("pollsOnly", pollsOnly);
            through = (long)(await find.ExecuteScalarAsync(ct))!;
        }
        if (through == 0)
            return 0;
        await using (var raise = new NpgsqlCommand(RaiseHorizonSql, connection))
        {
            raise.Parameters.AddWithValue("through", through);
            raise.Parameters.AddWithValue("kind", pollsOnly ? "poll" : "final");
            await raise.ExecuteNonQueryAsync(ct);
        }
        long deleted = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var delete = new NpgsqlCommand(DeleteSql, connection);
            delete.Parameters.AddWithValue("through", through);
            delete.Parameters.AddWithValue("pollsOnly", pollsOnly);
            delete.Parameters.AddWithValue("batchSize", batchSize);
            var batch = await delete.ExecuteNonQueryAsync(ct);
            deleted += batch;
            if (batch < batchSize)
                return deleted;
        }
    }

    public async Task<long> DeleteRateHistoryAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(DeleteHistorySql);
        command.Parameters.AddWithValue("cutoff", cutoff);
        return await command.ExecuteNonQueryAsync(ct);
    }
}
