using System.Globalization;
using ClbWorker.Api;

namespace ClbWorker.Webhooks.Api;

/// <summary>The body of <c>POST /api/webhook-endpoints/{id}/recover</c>.</summary>
/// <param name="Since">
/// ISO 8601 timestamp with its offset (<c>2026-11-27T22:00:00Z</c>), not in the future: failed deliveries created at
/// or after it are sent again.
/// </param>
public sealed record RecoverWebhookDeliveriesRequest(string? Since)
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz"];

    /// <param name="since">The parsed time, once valid.</param>
    /// <returns>The refused fields, each with what is allowed; empty when the request is valid.</returns>
    internal Dictionary<string, string[]> Validate(DateTimeOffset now, out DateTimeOffset since)
    {
        var errors = new Dictionary<string, string[]>();
        since = default;
        if (string.IsNullOrEmpty(Since))
            errors["since"] = ["since is required: an ISO 8601 timestamp with its offset, e.g. 2026-11-27T22:00:00Z; failed deliveries created from then on are sent again."];
        else if (!DateTimeOffset.TryParseExact(Since, Formats, CultureInfo.InvariantCulture,
                     DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out since))
            errors["since"] = [$"since '{ApiProblems.Quote(Since)}' is not an ISO 8601 timestamp with its offset, e.g. 2026-11-27T22:00:00Z or 2026-11-28T06:00:00+08:00."];
        else if (since > now)
            errors["since"] = [$"since {since:O} is in the future (now is {now:O}); give a time at or before now."];
        return errors;
    }
}
