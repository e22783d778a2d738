using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Retention;

/// <summary>
/// Deletes old final tasks with their webhook deliveries and attempts, one batch per short transaction.
/// A task keeps its history while any of its deliveries is still pending: a notification parked behind a
/// disabled endpoint, or redelivered by an operator, is never dropped by retention. It goes in a later run,
/// once the delivery is delivered or failed (or its endpoint is deleted, which deletes the delivery).
/// </summary>
public sealed class RetentionStore(NpgsqlDataSource dataSource)
{
    // Served by tasks_final_completed_idx (0007). SKIP LOCKED: a second process running retention takes other rows
    // instead of waiting, and a task an operator is changing right now is simply left for the next run.
    internal const string CandidatesSql = """
        SELECT t.id, t.completed_at
        FROM clb.tasks t
        WHERE t.state <> 'pending'
          AND t.completed_at < @cutoff
          AND (t.completed_at, t.id) > (coalesce(@afterCompletedAt, '-infinity'::timestamptz), @afterId)
          AND NOT EXISTS (
              SELECT 1 FROM clb.webhook_deliveries d WHERE d.task_row_id = t.id AND d.state = 'pending')
        ORDER BY t.completed_at, t.id
        LIMIT @batchSize
        FOR UPDATE OF t SKIP LOCKED
        """;

    // Waits for a redelivery of one of these tasks' deliveries that is committing right now, and keeps new ones
    // out until this transaction ends; the delete below then sees the outcome and keeps such a task.
    private const string LockDeliveriesSql = """
        SELECT id FROM clb.webhook_deliveries WHERE task_row_id = ANY(@ids) ORDER BY id FOR UPDATE
        """;

    // Deliveries and attempts are deleted explicitly, not left to ON DELETE CASCADE, so the run can count them.
    // The sibling statements share one snapshot: the attempts' join still sees the deliveries deleted beside it.
    private const string DeleteSql = """
        WITH doomed AS (
            SELECT t.id FROM clb.tasks t
            WHERE t.id = ANY(@ids)
              AND NOT EXISTS (
                  SELECT 1 FROM clb.webhook_deliveries d WHERE d.task_row_id = t.id AND d.state = 'pending')
        ), gone_attempts AS (
            DELETE FROM clb.webhook_attempts a
            USING clb.webhook_deliveries d, doomed
            WHERE a.delivery_id = d.id AND d.task_row_id = doomed.id
            RETURNING a.id
        ), gone_deliveries AS (
            DELETE FROM clb.webhook_deliveries d USING doomed WHERE d.task_row_id = doomed.id RETURNING d.id
        ), gone_tasks AS (
            DELETE FROM clb.tasks t USING doomed WHERE t.id = doomed.id RETURNING t.id
        )
        SELECT (SELECT count(*) FROM gone_tasks), (SELECT count(*) FROM gone_deliveries), (SELECT count(*) FROM gone_attempts)
        """;

    /// <summary>
    /// Deletes up to <paramref name="batchSize"/> final tasks completed before <paramref name="cutoff"/>, after
    /// <paramref name="after"/> in <c>(completed_at, id)</c> order, in one transaction.
    /// </summary>
    public async Task<RetentionBatch> DeleteBatchAsync(DateTimeOffset cutoff, RetentionCursor after, int batchSize, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var ids = new List<long>(batchSize);
        var next = after;
        await using (var candidates = new NpgsqlCommand(CandidatesSql, connection, transaction))
        {
            candidates.Parameters.AddWithValue("cutoff", cutoff);
            candidates.Parameters.Add(new NpgsqlParameter("afterCompletedAt", NpgsqlDbType.TimestampTz) { Value = (object?)after.CompletedAt ?? DBNull.Value });
            candidates.Parameters.AddWithValue("afterId", after.Id);
            candidates.Parameters.AddWithValue("batchSize", batchSize);
            await using var reader = await candidates.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetInt64(0));
                next = new RetentionCursor(reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(0));
            }
        }
        if (ids.Count == 0)
            return new RetentionBatch(0, 0, 0, 0, next);

        await using (var lockDeliveries = new NpgsqlCommand(LockDeliveriesSql, connection, transaction))
        {
            lockDeliveries.Parameters.AddWithValue("ids", ids.ToArray());
            await lockDeliveries.ExecuteNonQueryAsync(ct);
        }

        await using var delete = new NpgsqlCommand(DeleteSql, connection, transaction);
        delete.Parameters.AddWithValue("ids", ids.ToArray());
        long tasks, deliveries, attempts;
        await using (var reader = await delete.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (tasks, deliveries, attempts) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }
        await transaction.CommitAsync(ct);
        return new RetentionBatch(ids.Count, tasks, deliveries, attempts, next);
    }
}
