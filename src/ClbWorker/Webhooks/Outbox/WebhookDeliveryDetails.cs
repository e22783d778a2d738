namespace ClbWorker.Webhooks.Outbox;

/// <summary>One delivery with the exact body it sends and every attempt so far, oldest first.</summary>
public sealed record WebhookDeliveryDetails(WebhookDelivery Delivery, string Body, IReadOnlyList<WebhookAttempt> Attempts);
