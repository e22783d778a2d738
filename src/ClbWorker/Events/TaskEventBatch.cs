namespace ClbWorker.Events;

/// <summary>
/// Events the hub read in one go: every event with an id above <paramref name="AfterId"/> up to <paramref name="ThroughId"/>
/// (ids in between that are missing were rolled back and never appear). Consecutive batches continue each other, so a
/// subscriber whose position is below <paramref name="AfterId"/> missed some and reads them from the database.
/// </summary>
public sealed record TaskEventBatch(long AfterId, long ThroughId, IReadOnlyList<TaskEvent> Events);
