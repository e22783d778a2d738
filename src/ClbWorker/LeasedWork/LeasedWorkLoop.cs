using ClbWorker.Database;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClbWorker.LeasedWork;

/// <summary>
/// Runs one capability in this process for a while. At most one run per process at a time: a second call while one
/// is running returns at once, so the recurring job may fire as often as it likes.
/// </summary>
public sealed class LeasedWorkLoop<TOutcome>(
    ILeasedWork<TOutcome> work,
    NotificationListener listener,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LeasedWorkLoop<TOutcome>> logger) : ILeasedWorkLoop, IDisposable
{
    private readonly SemaphoreSlim running = new(1, 1);

    public string Kind => work.Kind;

    public ILeasedWorkOptions Options => work.Options;

    /// <summary>The lease owner this process writes into the rows it claims (machine:pid:instance).</summary>
    public string Owner { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The counts of the latest run that ended, for tests and benchmarks.</summary>
    public LeasedWorkSummary? LastRun { get; private set; }

    public async Task<bool> RunAsync(CancellationToken ct)
    {
        if (!await running.WaitAsync(TimeSpan.Zero, ct))
            return false;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            stop.CancelAfter(work.Options.JobDuration);
            using var run = new LeasedWorkRun<TOutcome>(work, Owner, listener, time, logger);
            logger.LogInformation("{Title} started in this process for up to {Duration}", work.Title, work.Options.JobDuration);
            await run.RunAsync(stop.Token);
            LastRun = run.Summary;
            return true;
        }
        finally
        {
            running.Release();
        }
    }

    public void Dispose() => running.Dispose();
}
