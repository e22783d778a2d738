using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks.Api;

/// <summary>One HTTP attempt at a delivery.</summary>
/// <param name="StatusCode">The receiver's HTTP status; null when no response arrived (refused, timed out, blocked).</param>
/// <param name="DurationMs">From the start of the attempt to its end, in milliseconds.</param>
/// <param name="Error">Why no status arrived (timeout, refused connection, TLS, SSRF guard) or what else went wrong around it; null when the status tells the whole story.</param>
/// <param name="ResponseExcerpt">The start of the receiver's response body, at most 4096 characters.</param>
public sealed record WebhookAttemptResource(long Id, DateTimeOffset AttemptedAt, int? StatusCode, long DurationMs, string? Error, string? ResponseExcerpt)
{
    public static WebhookAttemptResource From(WebhookAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new WebhookAttemptResource(a.Id, a.AttemptedAt, a.StatusCode, (long)a.Duration.TotalMilliseconds, a.Error, a.ResponseExcerpt);
    }
}
