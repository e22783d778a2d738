namespace ClbWorker.Webhooks.Api;

/// <summary>The answer to <c>POST /api/webhook-endpoints/{id}/recover</c>.</summary>
/// <param name="Requeued">How many failed deliveries went back to pending, due now (or once the endpoint is enabled).</param>
public sealed record RecoveredDeliveries(long EndpointId, DateTimeOffset Since, int Requeued);
