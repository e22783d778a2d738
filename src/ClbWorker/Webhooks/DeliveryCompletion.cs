namespace ClbWorker.Webhooks;

/// <summary>What one <see cref="DeliveryStore.CompleteAsync"/> batch changed.</summary>
/// <param name="Completed">Deliveries updated; outcomes for deliveries no longer leased to the caller are dropped.</param>
/// <param name="DisabledEndpointIds">Endpoints this batch disabled.</param>
public sealed record DeliveryCompletion(int Completed, IReadOnlyList<long> DisabledEndpointIds);
