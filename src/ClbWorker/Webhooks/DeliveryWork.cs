using ClbWorker.Database;
using ClbWorker.LeasedWork;

namespace ClbWorker.Webhooks;

/// <summary>
/// Webhook delivery on the leased-work engine: what is delivery's own is claiming per receiving host within the
/// per-host cap, signing, the SSRF guard, the retry schedule, and how attempts are recorded.
/// </summary>
public sealed class DeliveryWork(DeliveryDependencies deps) : ILeasedWork<DeliveryOutcome>
{
    public const string KindName = "webhooks";

    public string Kind => KindName;

    public string Title => "Webhook delivery";

    public string WakeChannel => ClbSchema.WebhooksEnqueuedChannel;

    public ILeasedWorkOptions Options => deps.Options.Value;

    public int MaxInFlight => deps.Options.Value.MaxConcurrentDeliveries;

    public int MaxInFlightPerPartition => deps.Options.Value.MaxConcurrentPerEndpoint;

    public ILeasedWorkRound<DeliveryOutcome> BeginRun(LeasedWorkRun<DeliveryOutcome> run) => new DeliveryRound(deps, run);
}
