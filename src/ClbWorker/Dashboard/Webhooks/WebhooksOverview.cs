using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Dashboard.Webhooks;

/// <summary>What the "Webhooks" page shows.</summary>
public sealed record WebhooksOverview(
    IReadOnlyList<StateCount> Deliveries,
    IReadOnlyList<EndpointHealth> Endpoints,
    IReadOnlyList<AttemptLine> RecentAttempts,
    IReadOnlyList<WebhookDelivery> RecentFailed);
