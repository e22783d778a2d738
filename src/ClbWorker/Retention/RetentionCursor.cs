namespace ClbWorker.Retention;

/// <summary>
/// A position in <c>(completed_at, id)</c> order. Each batch starts after the previous one, so tasks kept back (a
/// pending delivery) or locked by another process are passed once per run instead of being scanned by every batch.
/// </summary>
public sealed record RetentionCursor(DateTimeOffset? CompletedAt, long Id)
{
    public static RetentionCursor Start { get; } = new(null, 0);
}
