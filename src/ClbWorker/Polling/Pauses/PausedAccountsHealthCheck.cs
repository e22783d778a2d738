using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClbWorker.Polling.Pauses;

/// <summary>Degraded while Tencent Cloud refuses an account: its tasks wait until the cause is fixed.</summary>
internal sealed class PausedAccountsHealthCheck(AccountPauseStore pauses) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var paused = await pauses.ListAsync(cancellationToken);
        if (paused.Count == 0)
            return HealthCheckResult.Healthy("No account is paused.");
        var reasons = string.Join("; ", paused.Select(p => $"{p.Account}: {p.Reason} ({p.ErrorCode}) since {p.PausedAt:O}"));
        return HealthCheckResult.Degraded($"Paused accounts: {reasons}",
            data: paused.ToDictionary(p => p.Account, p => (object)$"{p.ErrorCode}: {p.ErrorMessage}"));
    }
}
