namespace ClbWorker.Polling;

/// <summary>An (account, region) with tasks due now (or soon, when looking ahead); the store returns them most overdue first.</summary>
public sealed record DueGroup(string Account, string Region);
