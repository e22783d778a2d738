namespace ClbWorker.Webhooks.Outbox;

/// <summary>A row of the outbox <c>clb.webhook_deliveries</c> as the API and dashboard show it (without its body).</summary>
/// <param name="EndpointId">Null when the target is the task's own <c>callback_url</c>.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="NextAttemptAt">
/// When a pending delivery is next tried (while in flight: when its lease ends); null once it is delivered or failed,
/// and while it waits for its disabled endpoint.
/// </param>
public sealed record WebhookDelivery(
    long Id,
    string MessageId,
    long TaskRowId,
    long? EndpointId,
    string Url,
    string EventType,
    string State,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt);
