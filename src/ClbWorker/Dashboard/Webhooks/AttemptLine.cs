namespace ClbWorker.Dashboard.Webhooks;

/// <summary>One webhook attempt with the delivery it belongs to.</summary>
/// <param name="StatusCode">Null when no response arrived (refused, timed out, blocked).</param>
public sealed record AttemptLine(
    long Id,
    long DeliveryId,
    long TaskRowId,
    string EventType,
    string Url,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    int DurationMs,
    string? Error);
