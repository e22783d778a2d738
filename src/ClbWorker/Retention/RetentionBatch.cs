namespace ClbWorker.Retention;

/// <summary>
/// One transaction of a retention run: what it deleted, how many tasks it examined, and where the next batch
/// starts (the last examined task in <c>(completed_at, id)</c> order).
/// </summary>
public sealed record RetentionBatch(int Examined, long Tasks, long Deliveries, long Attempts, RetentionCursor Next);
