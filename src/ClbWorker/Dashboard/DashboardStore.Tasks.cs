using ClbWorker.Dashboard.Tasks;
using ClbWorker.Tasks;
using Npgsql;

namespace ClbWorker.Dashboard;

public sealed partial class DashboardStore
{
    // One capped count per state, each naming its state as a literal so that the planner can use a partial index:
    // tasks_due_pending_idx for pending, tasks_final_by_state_idx (0008) for the final states, index-only.
    private const string TaskStateCountsSql = """
        SELECT 'pending', (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'pending' LIMIT @limit) c), NULL::bigint
        UNION ALL
        SELECT 'succeeded', (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'succeeded' LIMIT @limit) c),
               (SELECT count(*) FROM clb.tasks WHERE state = 'succeeded' AND completed_at >= @hourAgo)
        UNION ALL
        SELECT 'failed', (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'failed' LIMIT @limit) c),
               (SELECT count(*) FROM clb.tasks WHERE state = 'failed' AND completed_at >= @hourAgo)
        UNION ALL
        SELECT 'timed_out', (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'timed_out' LIMIT @limit) c),
               (SELECT count(*) FROM clb.tasks WHERE state = 'timed_out' AND completed_at >= @hourAgo)
        UNION ALL
        SELECT 'invalid', (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'invalid' LIMIT @limit) c),
               (SELECT count(*) FROM clb.tasks WHERE state = 'invalid' AND completed_at >= @hourAgo)
        UNION ALL
        SELECT 'cancelled', (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'cancelled' LIMIT @limit) c),
               (SELECT count(*) FROM clb.tasks WHERE state = 'cancelled' AND completed_at >= @hourAgo)
        """;

    // The pending set is the queue's working set, reached through tasks_due_pending_idx; bounded by @limit so that a
    // huge backlog costs no more than a scan of that many rows (the page then says it shows a sample).
    private const string PendingGroupsSql = """
        SELECT p.account, p.region, count(*), min(p.created_at)
        FROM (SELECT t.account, t.region, t.created_at FROM clb.tasks t WHERE t.state = 'pending' LIMIT @limit) p
        GROUP BY p.account, p.region
        ORDER BY count(*) DESC, p.account, p.region
        """;

    // Each branch walks tasks_final_by_state_idx backwards and stops after @count rows.
    internal const string RecentProblemsSql = $"""
        SELECT {TaskStore.RecordColumns}
        FROM (
            (SELECT * FROM clb.tasks WHERE state = 'failed' ORDER BY completed_at DESC LIMIT @count)
            UNION ALL
            (SELECT * FROM clb.tasks WHERE state = 'invalid' ORDER BY completed_at DESC LIMIT @count)
            UNION ALL
            (SELECT * FROM clb.tasks WHERE state = 'timed_out' ORDER BY completed_at DESC LIMIT @count)
        ) t
        ORDER BY t.completed_at DESC, t.id DESC
        LIMIT @count
        """;

    // Through tasks_task_id_idx (migration 0006): a TaskId names a task per account, region and kind, so a few rows.
    internal const string FindByTaskIdSql = $"""
        SELECT {TaskStore.RecordColumns}
        FROM clb.tasks t
        WHERE t.task_id = @taskId
        ORDER BY t.created_at DESC, t.id DESC
        LIMIT @count
        """;

    public async Task<TaskOverview> GetTaskOverviewAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var states = new NpgsqlCommand(TaskStateCountsSql, connection);
        states.Parameters.AddWithValue("limit", Limit);
        states.Parameters.AddWithValue("hourAgo", now.AddHours(-1));
        var counts = await ListAsync(states, r => Capped(r.GetString(0), r.GetInt64(1), r.GetFieldValue<long?>(2)), ct);

        await using var pending = new NpgsqlCommand(PendingGroupsSql, connection);
        pending.Parameters.AddWithValue("limit", Limit);
        var groups = await ListAsync(pending, r => new PendingGroup(
            r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetFieldValue<DateTimeOffset>(3)), ct);

        await using var problems = new NpgsqlCommand(RecentProblemsSql, connection);
        problems.Parameters.AddWithValue("count", ListLimit);
        var recent = await ListAsync(problems, r => TaskStore.ReadRecord(r), ct);
        return new TaskOverview(counts, groups, groups.Sum(g => g.Count) > countLimit, recent);
    }

    /// <summary>The tasks with this TaskId (Tencent's RequestId), in any account and region, newest first.</summary>
    public async Task<IReadOnlyList<TaskRecord>> FindByTaskIdAsync(string taskId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        await using var command = dataSource.CreateCommand(FindByTaskIdSql);
        command.Parameters.AddWithValue("taskId", taskId);
        command.Parameters.AddWithValue("count", ListLimit);
        return await ListAsync(command, r => TaskStore.ReadRecord(r), ct);
    }
}
