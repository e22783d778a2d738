using Hangfire;

namespace ClbWorker.Webhooks;

/// <summary>
/// The recurring Hangfire job that drives webhook delivery, like the polling job: each run delivers for a
/// while and enqueues its successor; the schedule restarts the chain after a crash. Safe to run twice.
/// </summary>
public sealed class DeliveryJob(DeliveryLoop loop, IBackgroundJobClient jobs)
{
    public const string RecurringJobId = "clb-webhooks";
    public const string Schedule = "*/15 * * * * *";

    // Long enough that hand-overs are rare, short enough that no run outlives a deployment by much.
    private static readonly TimeSpan RunDuration = TimeSpan.FromMinutes(5);

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var summary = await loop.RunAsync(RunDuration, cancellationToken);
        if (summary is not null && !cancellationToken.IsCancellationRequested)
            jobs.Enqueue<DeliveryJob>(job => job.RunAsync(CancellationToken.None));
    }
}
