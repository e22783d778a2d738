namespace ClbWorker.Dashboard.Tasks;

/// <summary>Pending tasks of one account in one region, and when the oldest of them was enqueued.</summary>
public sealed record PendingGroup(string Account, string Region, long Count, DateTimeOffset OldestCreatedAt);
