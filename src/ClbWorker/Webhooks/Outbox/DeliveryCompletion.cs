namespace ClbWorker.Webhooks.Outbox;

/// <summary>What one <see cref="DeliveryStore.CompleteAsync"/> batch changed.</summary>
/// <param name="Completed">Deliveries updated by an attempt; outcomes for deliveries no longer leased to the caller are dropped.</param>
/// <param name="DisabledEndpoints">Endpoints this batch disabled, with the reason.</param>
/// <param name="Flushed">Retries of hosts that answered again, made due at once.</param>
/// <param name="Released">Deliveries handed back without an attempt.</param>
public sealed record DeliveryCompletion(int Completed, IReadOnlyList<(long Id, string Reason)> DisabledEndpoints, int Flushed = 0, int Released = 0);
