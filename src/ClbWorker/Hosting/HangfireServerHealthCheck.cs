using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClbWorker.Hosting;

/// <summary>Healthy while a Hangfire server of this process is registered in storage with a recent heartbeat.</summary>
internal sealed class HangfireServerHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    // Hangfire servers beat every 30 s by default: two missed beats mean ours has stopped or lost its storage.
    private static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromSeconds(75);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The monitoring API is synchronous; waiting on it asynchronously keeps the check within its timeout.
        var servers = await Task.Run(() => storage.GetMonitoringApi().Servers(), cancellationToken).WaitAsync(cancellationToken);
        // Hangfire registers a server as "<ServerName, lower case>:<guid>".
        var ours = servers.Where(s => s.Name.StartsWith(HangfireSetup.ServerName + ":", StringComparison.OrdinalIgnoreCase))
            .MaxBy(s => s.Heartbeat);
        if (ours?.Heartbeat is not { } heartbeat)
            return HealthCheckResult.Unhealthy($"No Hangfire server of this process ({HangfireSetup.ServerName}) is registered: it has not started yet, or it stopped.");

        var age = time.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(heartbeat, DateTimeKind.Utc));
        return age <= MaxHeartbeatAge
            ? HealthCheckResult.Healthy($"Hangfire server {ours.Name} runs {ours.WorkersCount} workers; last heartbeat {Math.Max(0, age.TotalSeconds):0} s ago.")
            : HealthCheckResult.Unhealthy($"Hangfire server {ours.Name} last sent a heartbeat {age.TotalSeconds:0} s ago (more than {MaxHeartbeatAge.TotalSeconds:0} s).");
    }
}
