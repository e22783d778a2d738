namespace ClbWorker.Polling;

/// <summary>An (account, region) with tasks due now (or soon, when looking ahead).</summary>
public sealed record DueGroup(string Account, string Region, long Due);
