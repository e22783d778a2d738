using Hangfire;
using Microsoft.Extensions.Options;

namespace ClbWorker.Retention;

/// <summary>
/// The recurring Hangfire job <c>clb-retention</c>. Safe to run twice and from two processes at once: each
/// batch takes its tasks with SKIP LOCKED, so two runs share the work instead of waiting on each other.
/// </summary>
public sealed partial class RetentionJob(TaskRetention retention, EventRetention events, IOptions<RetentionOptions> options, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "clb-retention";

    // A failed run is retried by the schedule; Hangfire's own retries would only pile up behind it.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return;
        var summary = await retention.RunOnceAsync(cancellationToken);
        if (summary.Tasks > 0)
            Deleted(logger, summary.Tasks, summary.Deliveries, summary.Attempts, summary.Batches, options.Value.TaskAge);
        var pruned = await events.RunOnceAsync(cancellationToken);
        if (pruned.Events > 0)
            DeletedEvents(logger, pruned.Events, pruned.RateBuckets);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Events} task events and {Buckets} rate-chart buckets (older than Events:Retention or Events:PollRetention)")]
    private static partial void DeletedEvents(ILogger logger, long events, long buckets);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Retention deleted {Tasks} tasks, {Deliveries} webhook deliveries and {Attempts} attempts in {Batches} batches (final for more than {TaskAge})")]
    private static partial void Deleted(ILogger logger, long tasks, long deliveries, long attempts, int batches, TimeSpan taskAge);
}
