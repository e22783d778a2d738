using Microsoft.Extensions.Options;

namespace ClbWorker.Retention;

/// <summary>One retention run: batch after batch until no old final task is left to delete.</summary>
public sealed class TaskRetention(RetentionStore store, IOptions<RetentionOptions> options, TimeProvider time)
{
    /// <summary>
    /// Deletes every final task completed more than <see cref="RetentionOptions.TaskAge"/> before now, with its
    /// deliveries and attempts, <see cref="RetentionOptions.BatchSize"/> tasks per transaction. Safe to run twice and
    /// from several processes at once; cancelling stops it between or inside batches, never half-way through one.
    /// </summary>
    public async Task<RetentionRunSummary> RunOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow() - settings.TaskAge;
        var summary = RetentionRunSummary.None;
        var cursor = RetentionCursor.Start;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var batch = await store.DeleteBatchAsync(cutoff, cursor, settings.BatchSize, ct);
            if (batch.Examined == 0)
                return summary;
            summary = summary.Add(batch);
            if (batch.Examined < settings.BatchSize)
                return summary;
            cursor = batch.Next;
        }
    }
}
