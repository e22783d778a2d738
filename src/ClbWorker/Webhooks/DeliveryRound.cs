using ClbWorker.LeasedWork;
using ClbWorker.Observability;

namespace ClbWorker.Webhooks;

/// <summary>
/// One delivery run's rounds: find the receiving hosts with due deliveries, most overdue first; give each the room it
/// has under the per-host cap (and the run's overall cap), claim that many per host, and start each attempt
/// (<see cref="DeliveryAttempt"/>). A slow or failing host only ever holds its own share: nothing is claimed for a host
/// at its cap, so nothing waits in this process for room.
/// </summary>
internal sealed class DeliveryRound(DeliveryDependencies deps, LeasedWorkRun<DeliveryOutcome> run) : ILeasedWorkRound<DeliveryOutcome>
{
    // Hosts looked at per round; more are served by the next round, which follows at once when this one was full.
    private const int MaxHostsPerRound = 200;

    private readonly DeliveryAttempt attempt = new(deps);

    public DeliveryRunSummary Summary { get; } = new();

    private WebhookOptions Options => deps.Options.Value;

    public async Task<RoundResult> RunOnceAsync(CancellationToken stopClaiming)
    {
        var free = run.FreeCapacity;
        if (free <= 0)
            return RoundResult.Idle(Options.IdleCheckInterval); // an attempt that ends wakes the loop
        var hosts = await deps.Store.DueHostsAsync(MaxHostsPerRound, stopClaiming);
        var rooms = new List<(string Host, int Room)>();
        foreach (var host in hosts)
        {
            var room = Math.Min(run.RoomIn(host), free);
            if (room <= 0)
                continue;
            rooms.Add((host, room));
            free -= room;
            if (free == 0)
                break;
        }
        if (rooms.Count == 0)
            return RoundResult.Idle(Options.IdleCheckInterval);

        var claimed = await deps.Store.ClaimAsync(rooms, run.Owner, Options.LeaseDuration, stopClaiming);
        var claimedAt = deps.Time.GetTimestamp();
        deps.Metrics.Claimed(ClaimQueues.Webhooks, claimed.Count);
        foreach (var delivery in claimed)
        {
            if (!run.TryStart(delivery.Host, () => attempt.MakeAsync(delivery, claimedAt, Summary, run.HardStop),
                    error => attempt.Faulted(delivery, claimedAt, error, Summary)))
                run.Publish(DeliveryOutcome.Release(delivery.Id));
        }
        // A host whose room was filled may have more due, and so may hosts beyond this round's list: go again at once.
        var roomOf = rooms.ToDictionary(r => r.Host, r => r.Room, StringComparer.Ordinal);
        var filled = claimed.GroupBy(d => d.Host).Any(g => roomOf.TryGetValue(g.Key, out var room) && g.Count() >= room);
        return new RoundResult(claimed.Count, filled || hosts.Count == MaxHostsPerRound ? TimeSpan.Zero : Options.IdleCheckInterval);
    }

    public async Task WriteAsync(IReadOnlyList<DeliveryOutcome> batch, CancellationToken ct)
    {
        var completion = await deps.Store.CompleteAsync(batch, run.Owner, Options.DisableEndpointAfterFailingFor, ct);
        foreach (var (endpointId, reason) in completion.DisabledEndpoints)
            deps.Logger.LogWarning("Webhook endpoint {EndpointId} disabled: {Reason}", endpointId, reason);
        if (completion.Flushed > 0)
        {
            deps.Logger.LogInformation("A receiving host answered again: {Count} deliveries waiting for a retry to it are due now",
                completion.Flushed);
        }
        Summary.AddFlushed(completion.Flushed);
    }

    public void HandBack()
    {
        // Nothing is held between claim and start.
    }

    public string Describe() => Summary.ToString();
}
