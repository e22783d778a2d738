namespace ClbWorker.Polling;

/// <summary>An (account, region) with tasks due now (or soon, when looking ahead), and when its most overdue one was due.</summary>
public sealed record DueGroup(string Account, string Region, DateTimeOffset EarliestDue);
