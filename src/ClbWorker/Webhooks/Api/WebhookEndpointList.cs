namespace ClbWorker.Webhooks.Api;

/// <summary>Every webhook endpoint, configured and API-created, oldest first.</summary>
public sealed record WebhookEndpointList(IReadOnlyList<WebhookEndpointResource> Items);
