namespace ClbWorker.Dashboard.Home;

/// <summary>The task figures on Hangfire's home page, read in one statement per request.</summary>
/// <param name="Pending">Exact up to <see cref="DashboardStore.CountLimit"/>; past it, the limit with <paramref name="PendingAtLeast"/> set.</param>
/// <param name="FailedLastHour">Tasks that became failed, invalid or timed out in the last hour (cancelled ones are not counted).</param>
public sealed record HomeCounts(long Pending, bool PendingAtLeast, long SucceededLastHour, long FailedLastHour);
