namespace ClbWorker.Webhooks.Api;

/// <summary>One page of deliveries, newest first.</summary>
/// <param name="NextCursor">Pass as <c>cursor</c> (with the same filters) for the next page; null on the last page.</param>
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryResource> Items, string? NextCursor);
