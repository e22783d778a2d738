namespace ClbWorker.Webhooks.Api;

/// <summary>
/// The answer to creating an endpoint or rotating its secret: the only answers that ever show a secret. Keep it:
/// it cannot be read back.
/// </summary>
/// <param name="Secret">The whsec_ secret the endpoint now signs with; its receiver verifies the webhook-signature header with it.</param>
public sealed record WebhookEndpointWithSecret(WebhookEndpointResource Endpoint, string Secret)
{
    public override string ToString() => $"WebhookEndpointWithSecret {{ Endpoint = {Endpoint}, Secret = (hidden) }}";
}
