namespace ClbWorker.Dashboard;

/// <summary>How many rows are in one state.</summary>
/// <param name="Count">Exact up to <see cref="DashboardStore.CountLimit"/>; past it, the limit with <paramref name="AtLeast"/> set.</param>
/// <param name="LastHour">Tasks that reached this final state in the last hour; null where it does not apply.</param>
public sealed record StateCount(string State, long Count, bool AtLeast, long? LastHour = null);
