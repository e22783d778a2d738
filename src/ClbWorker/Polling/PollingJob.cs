using Hangfire;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

/// <summary>
/// The recurring Hangfire job that drives polling. Each run polls for <see cref="PollingOptions.JobDuration"/>
/// and then enqueues its successor, so polling is continuous; the recurring schedule restarts the chain
/// when a process died mid-run. Safe to run twice: a second run in a busy process returns at once.
/// </summary>
public sealed class PollingJob(PollingLoop loop, IBackgroundJobClient jobs, IOptions<PollingOptions> options)
{
    public const string RecurringJobId = "clb-poll";

    // Retrying a run is pointless: the schedule starts another within seconds.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var summary = await loop.RunAsync(options.Value.JobDuration, cancellationToken);
        if (summary is not null && !cancellationToken.IsCancellationRequested)
            jobs.Enqueue<PollingJob>(job => job.RunAsync(CancellationToken.None));
    }
}
