namespace ClbWorker.Webhooks.Endpoints;

/// <summary>One statically configured webhook endpoint.</summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>Absolute http(s) URL that receives the notifications.</summary>
    public string? Url { get; set; }

    /// <summary>Its signing secret, <c>whsec_</c> + base64. A secret: never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>Event types it receives (<c>task.succeeded</c>, <c>task.failed</c>, ...); empty: all of them.</summary>
    public IList<string> EventTypes { get; } = new List<string>();
}
