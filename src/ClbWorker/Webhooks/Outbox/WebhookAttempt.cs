namespace ClbWorker.Webhooks.Outbox;

/// <summary>One HTTP attempt at a delivery (a row of <c>clb.webhook_attempts</c>).</summary>
/// <param name="StatusCode">Null when no response arrived.</param>
/// <param name="Duration">Whole milliseconds.</param>
/// <param name="ResponseExcerpt">The start of the response body, at most 4096 characters.</param>
public sealed record WebhookAttempt(
    long Id,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    TimeSpan Duration,
    string? Error,
    string? ResponseExcerpt);
