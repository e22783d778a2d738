using ClbWorker.Events;
using Microsoft.Extensions.Options;

namespace ClbWorker.Retention;

/// <summary>
/// The event log's part of a retention run: poll events older than <see cref="EventsOptions.PollRetention"/>, every event
/// older than <see cref="EventsOptions.Retention"/>, and rate-chart buckets older than that too.
/// </summary>
public sealed class EventRetention(EventRetentionStore store, IOptions<EventsOptions> events, IOptions<RetentionOptions> retention, TimeProvider time)
{
    public async Task<EventRetentionSummary> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var batch = retention.Value.BatchSize;
        var polls = await store.DeleteEventsAsync(now - events.Value.PollRetention, pollsOnly: true, batch, ct);
        var all = await store.DeleteEventsAsync(now - events.Value.Retention, pollsOnly: false, batch, ct);
        var buckets = await store.DeleteRateHistoryAsync(now - events.Value.Retention, ct);
        return new EventRetentionSummary(polls + all, buckets);
    }
}
