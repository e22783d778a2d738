namespace ClbWorker.Retention;

/// <summary>What the event log's part of a retention run deleted.</summary>
public sealed record EventRetentionSummary(long Events, long RateBuckets);
