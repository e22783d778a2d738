namespace ClbWorker.Retention;

/// <summary>What one retention run deleted, and in how many transactions.</summary>
public sealed record RetentionRunSummary(long Tasks, long Deliveries, long Attempts, int Batches)
{
    public static RetentionRunSummary None { get; } = new(0, 0, 0, 0);

    public RetentionRunSummary Add(RetentionBatch batch) =>
        new(Tasks + batch.Tasks, Deliveries + batch.Deliveries, Attempts + batch.Attempts, Batches + 1);
}
