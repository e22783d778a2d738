using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>
/// Runs polling in this process for a while. At most one run per process at a time: a second call while
/// one is running returns at once, so the recurring job may fire as often as it likes.
/// </summary>
public sealed class PollingLoop(PollingDependencies deps, IHostApplicationLifetime lifetime, ILogger<PollingLoop> logger) : IDisposable
{
    private readonly SemaphoreSlim running = new(1, 1);
    private readonly string owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>The lease owner this process writes into <c>clb.tasks.lease_owner</c>.</summary>
    public string Owner => owner;

    /// <returns>The run's counts, or null when a run was already active in this process.</returns>
    public async Task<PollingRunSummary?> RunAsync(TimeSpan duration, CancellationToken ct)
    {
        if (!await running.WaitAsync(TimeSpan.Zero, ct))
            return null;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            stop.CancelAfter(duration);
            using var session = new PollingSession(deps, owner);
            logger.LogInformation("Polling started in this process for up to {Duration}", duration);
            await session.RunAsync(stop.Token);
            logger.LogInformation("Polling run ended: {Summary}", session.Summary);
            return session.Summary;
        }
        finally
        {
            running.Release();
        }
    }

    public void Dispose() => running.Dispose();
}
