namespace ClbWorker.Webhooks.Endpoints;

/// <summary>The values of <c>clb.webhook_endpoints.source</c>: where an endpoint was defined.</summary>
public static class WebhookEndpointSources
{
    /// <summary>Configuration (<c>Webhooks:Endpoints</c>); kept in step with it at start-up.</summary>
    public const string Config = "config";

    /// <summary>Created through the HTTP API.</summary>
    public const string Api = "api";
}
