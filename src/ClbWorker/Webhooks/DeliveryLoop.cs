using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks;

/// <summary>
/// Sends due webhook deliveries in this process for a while. At most one run per process at a time: a second
/// call while one runs returns at once, so the recurring job may fire as often as it likes.
/// </summary>
public sealed class DeliveryLoop(DeliveryDependencies deps, IHostApplicationLifetime lifetime, ILogger<DeliveryLoop> logger) : IDisposable
{
    private readonly SemaphoreSlim running = new(1, 1);
    private readonly string owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <returns>The run's counts, or null when a run was already active in this process.</returns>
    public async Task<DeliveryRunSummary?> RunAsync(TimeSpan duration, CancellationToken ct)
    {
        if (!await running.WaitAsync(TimeSpan.Zero, ct))
            return null;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            stop.CancelAfter(duration);
            using var session = new DeliverySession(deps, owner);
            await session.RunAsync(stop.Token);
            logger.LogInformation("Webhook delivery run ended: {Summary}", session.Summary);
            return session.Summary;
        }
        finally
        {
            running.Release();
        }
    }

    public void Dispose() => running.Dispose();
}
