using System.Text.Json;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks.Api;

/// <summary>One delivery with the notification it sends and every attempt so far, oldest first.</summary>
/// <param name="Body">The notification exactly as signed and sent (the same on every attempt).</param>
public sealed record WebhookDeliveryDetailsResource(WebhookDeliveryResource Delivery, JsonElement Body, IReadOnlyList<WebhookAttemptResource> Attempts)
{
    public static WebhookDeliveryDetailsResource From(WebhookDeliveryDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        using var body = JsonDocument.Parse(details.Body);
        return new WebhookDeliveryDetailsResource(WebhookDeliveryResource.From(details.Delivery), body.RootElement.Clone(),
            [.. details.Attempts.Select(WebhookAttemptResource.From)]);
    }
}
