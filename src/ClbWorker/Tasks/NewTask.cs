namespace ClbWorker.Tasks;

/// <summary>A task to enqueue, already checked against the rules of <c>clb.tasks</c>.</summary>
/// <param name="Metadata">A JSON object, as text.</param>
/// <param name="DeadlineAt">Null: the worker's default deadline, counted from creation.</param>
public sealed record NewTask(string TaskId, string Region, string Account, string? CallbackUrl, string Metadata, DateTimeOffset? DeadlineAt)
{
    /// <summary>What makes two tasks the same task: the unique (account, region, task_id).</summary>
    public (string Account, string Region, string TaskId) Key => (Account, Region, TaskId);
}
