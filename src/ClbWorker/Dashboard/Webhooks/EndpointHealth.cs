namespace ClbWorker.Dashboard.Webhooks;

/// <summary>A webhook endpoint as the dashboard shows it: never its secrets.</summary>
/// <param name="FirstFailureAt">The first failed attempt since the last successful one; null while it is healthy.</param>
public sealed record EndpointHealth(
    long Id,
    string? Name,
    string Url,
    string Source,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? FirstFailureAt);
