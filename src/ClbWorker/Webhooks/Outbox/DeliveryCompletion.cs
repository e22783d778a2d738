namespace ClbWorker.Webhooks.Outbox;

/// <summary>What one <see cref="DeliveryStore.CompleteAsync"/> batch changed beyond its own deliveries.</summary>
/// <param name="DisabledEndpoints">Endpoints this batch disabled, with the reason.</param>
/// <param name="Flushed">Retries of hosts that answered again, made due at once.</param>
public sealed record DeliveryCompletion(IReadOnlyList<(long Id, string Reason)> DisabledEndpoints, int Flushed);
