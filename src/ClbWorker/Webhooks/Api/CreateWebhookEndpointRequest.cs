using ClbWorker.Api;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.Webhooks.Api;

/// <summary>The body of <c>POST /api/webhook-endpoints</c>.</summary>
/// <param name="Url">The absolute http:// or https:// URL that receives the notifications.</param>
/// <param name="EventTypes">The event types it receives (task.succeeded, task.failed, task.timed_out, task.invalid, task.cancelled); omitted or empty: all.</param>
/// <param name="Secret">The whsec_ secret to sign with; omitted: one is generated. Either way the answer shows it once.</param>
public sealed record CreateWebhookEndpointRequest(string? Url, IReadOnlyList<string?>? EventTypes, string? Secret)
{
    public const int MaxUrlLength = 2048;

    /// <returns>The refused fields, each with what is allowed; empty when the request is valid.</returns>
    internal Dictionary<string, string[]> Validate(WebhookUrlPolicy urls)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(Url))
            errors["url"] = ["url is required: the absolute http:// or https:// URL that receives the notifications."];
        else if (Url.Length > MaxUrlLength)
            errors["url"] = [$"url is {Url.Length} characters long; at most {MaxUrlLength} are allowed."];
        else if (urls.Check(Url) is { IsAllowed: false } check)
            errors["url"] = [$"url is not allowed: {check.Refusal}."];

        var typeErrors = new List<string>();
        for (var i = 0; i < (EventTypes?.Count ?? 0); i++)
        {
            var type = EventTypes![i];
            if (type is null || !WebhookEventTypes.All.Contains(type, StringComparer.Ordinal))
                typeErrors.Add($"eventTypes[{i}] {(type is null ? "is null" : $"'{ApiProblems.Quote(type)}' is not an event type")}; "
                    + $"allowed: {string.Join(", ", WebhookEventTypes.All)} (omit eventTypes or send [] for all of them).");
        }
        if (typeErrors.Count > 0)
            errors["eventTypes"] = [.. typeErrors];

        if (Secret is not null && !WebhookSecret.TryParse(Secret, out _, out var secretError))
            errors["secret"] = [$"secret is not valid: {secretError}; expected {WebhookSecret.ExpectedForm} (omit it to have one generated)."];
        return errors;
    }

    /// <summary>The event types as given, once validated.</summary>
    internal IReadOnlyList<string> ValidEventTypes => [.. (EventTypes ?? []).OfType<string>()];

    public override string ToString() =>
        $"CreateWebhookEndpointRequest {{ EventTypes = [{string.Join(", ", EventTypes ?? [])}], Secret = {(Secret is null ? "none" : "(hidden)")} }}";
}
