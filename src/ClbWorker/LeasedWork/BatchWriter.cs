using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ClbWorker.LeasedWork;

/// <summary>
/// Writes the outcomes of a run in batches: waits a moment for more, then hands up to <see cref="MaxBatch"/> to the
/// capability's writer, one transaction each. A failed batch is retried whole (the database may be restarting); if
/// it never succeeds the rows' leases expire and they are worked again, so an outcome can be repeated but not lost.
/// </summary>
internal sealed class BatchWriter<TOutcome>(
    Func<IReadOnlyList<TOutcome>, CancellationToken, Task> write, string what, TimeProvider time, ILogger logger)
{
    public const int MaxBatch = 500;
    private const int MaxAttempts = 30;

    // Waiting this long for more outcomes costs a little latency and saves most of the round trips.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    public long Batches { get; private set; }

    public long Abandoned { get; private set; }

    /// <param name="giveUp">Once cancelled, a failing batch is given up at once (the run is past its shutdown grace).</param>
    public async Task RunAsync(ChannelReader<TOutcome> reader, CancellationToken giveUp)
    {
        var batch = new List<TOutcome>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!reader.Completion.IsCompleted)
                await Task.Delay(Gather, time, CancellationToken.None);
            while (batch.Count < MaxBatch && reader.TryRead(out var outcome))
                batch.Add(outcome);
            await WriteWithRetryAsync(batch, giveUp);
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<TOutcome> batch, CancellationToken giveUp)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write(batch, CancellationToken.None);
                Batches++;
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (giveUp.IsCancellationRequested || attempt >= MaxAttempts)
                {
                    Abandoned += batch.Count;
                    logger.LogError(ex, "Could not write {Count} {What} results; their leases will expire and they will be worked again",
                        batch.Count, what);
                    return;
                }
                logger.LogWarning(ex, "Writing {Count} {What} results failed (attempt {Attempt}); retrying", batch.Count, what, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), time, CancellationToken.None);
            }
        }
    }
}
