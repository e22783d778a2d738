using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks.Api;

/// <summary>A webhook delivery (one notification to one target) as the API returns it.</summary>
/// <param name="MessageId">The webhook-id header: the same on every attempt and for every target of one event.</param>
/// <param name="TaskRowId">The task's id, as in <c>/api/tasks/{id}</c> and the notification's <c>data.id</c>.</param>
/// <param name="EndpointId">The endpoint it goes to; null when it goes to the task's own callback URL.</param>
/// <param name="State"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="AttemptCount">HTTP attempts made so far.</param>
/// <param name="NextAttemptAt">When a pending delivery is next tried; null once finished, and while its endpoint is disabled.</param>
/// <param name="LastStatusCode">The HTTP status of the last attempt; null when no response arrived.</param>
public sealed record WebhookDeliveryResource(
    long Id,
    string MessageId,
    long TaskRowId,
    long? EndpointId,
    string Url,
    string EventType,
    string State,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? FailedAt)
{
    public static WebhookDeliveryResource From(WebhookDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new WebhookDeliveryResource(d.Id, d.MessageId, d.TaskRowId, d.EndpointId, d.Url, d.EventType, d.State, d.Attempts,
            d.NextAttemptAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.UpdatedAt, d.DeliveredAt, d.FailedAt);
    }
}
