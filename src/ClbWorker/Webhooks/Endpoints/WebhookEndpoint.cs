namespace ClbWorker.Webhooks.Endpoints;

/// <summary>
/// A receiver of notifications (a row of <c>clb.webhook_endpoints</c>). <see cref="ToString"/> leaves the secrets
/// out, so logging an endpoint never leaks them; map it to a response type of its own before serialising it.
/// </summary>
/// <param name="Name"><c>config:&lt;name&gt;</c> for configured endpoints, null for ones created through the API.</param>
/// <param name="PreviousSecret">The secret before the last rotation; signs too until <paramref name="PreviousSecretExpiresAt"/>.</param>
/// <param name="EventTypes">The event types it receives; empty: all of them.</param>
/// <param name="FirstFailureAt">Start of the current run of failed attempts; null once an attempt succeeds.</param>
public sealed record WebhookEndpoint(
    long Id,
    string? Name,
    string Url,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt,
    IReadOnlyList<string> EventTypes,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FirstFailureAt)
{
    /// <summary>
    /// An event-type list as stored: trimmed, distinct and sorted, so that reordering a list in configuration is not
    /// a change.
    /// </summary>
    public static IReadOnlyList<string> NormaliseEventTypes(IEnumerable<string> eventTypes) =>
        [.. eventTypes.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public override string ToString() =>
        $"WebhookEndpoint {{ Id = {Id}, Name = {Name}, Url = {Url}, EventTypes = [{string.Join(", ", EventTypes)}], "
        + $"Enabled = {Enabled}, DisabledReason = {DisabledReason}, Source = {Source}, Secret = (hidden), "
        + $"PreviousSecret = {(PreviousSecret is null ? "none" : "(hidden)")} }}";
}
