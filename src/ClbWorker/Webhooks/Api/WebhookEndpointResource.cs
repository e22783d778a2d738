using ClbWorker.Webhooks.Endpoints;

namespace ClbWorker.Webhooks.Api;

/// <summary>A webhook endpoint as the API returns it: never with a secret.</summary>
/// <param name="Name"><c>config:&lt;name&gt;</c> for endpoints defined in configuration; null for ones created through the API.</param>
/// <param name="EventTypes">The event types it receives; empty: all.</param>
/// <param name="Enabled">False: nothing is sent to it; its pending deliveries wait until it is enabled.</param>
/// <param name="Source"><c>config</c> (managed by configuration: not deleted or rotated through the API) or <c>api</c>.</param>
/// <param name="FailingSince">The first failed attempt since its last success; null while it is healthy.</param>
/// <param name="PreviousSecretExpiresAt">Until then the secret before the last rotation signs too (a second v1 signature); null when it no longer does.</param>
public sealed record WebhookEndpointResource(
    long Id,
    string? Name,
    string Url,
    IReadOnlyList<string> EventTypes,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    string Source,
    DateTimeOffset? FailingSince,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookEndpointResource From(WebhookEndpoint endpoint, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var overlapEnds = endpoint.PreviousSecretExpiresAt > now ? endpoint.PreviousSecretExpiresAt : null;
        return new WebhookEndpointResource(endpoint.Id, endpoint.Name, endpoint.Url, endpoint.EventTypes, endpoint.Enabled,
            endpoint.DisabledReason, endpoint.DisabledAt, endpoint.Source, endpoint.FirstFailureAt, overlapEnds, endpoint.CreatedAt,
            endpoint.UpdatedAt);
    }
}
