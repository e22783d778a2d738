using ClbWorker.Tasks;

namespace ClbWorker.Dashboard.Tasks;

/// <summary>What the "CLB tasks" page shows.</summary>
/// <param name="PendingSampled">
/// True when more tasks are pending than <see cref="DashboardStore.CountLimit"/>: the groups (and the oldest age) then
/// cover the first that many found, not all of them.
/// </param>
/// <param name="RecentProblems">The newest failed, invalid and timed-out tasks, newest first.</param>
public sealed record TaskOverview(
    IReadOnlyList<StateCount> States,
    IReadOnlyList<PendingGroup> PendingGroups,
    bool PendingSampled,
    IReadOnlyList<TaskRecord> RecentProblems)
{
    public DateTimeOffset? OldestPendingCreatedAt => PendingGroups.Count == 0 ? null : PendingGroups.Min(g => g.OldestCreatedAt);
}
