namespace ClbWorker.Tasks;

/// <summary>A task to enqueue, already checked against the rules of <c>clb.tasks</c>.</summary>
/// <param name="Metadata">A JSON object, as text.</param>
/// <param name="DeadlineAt">Null: the worker's default deadline, counted from creation.</param>
/// <param name="TaskKind">What <paramref name="TaskId"/> is: a RequestId or an order id (see <see cref="TaskKinds"/>).</param>
public sealed record NewTask(string TaskId, string Region, string Account, string? CallbackUrl, string Metadata, DateTimeOffset? DeadlineAt,
    string TaskKind = TaskKinds.RequestId)
{
    /// <summary>What makes two tasks the same task: the unique (account, region, task_kind, task_id).</summary>
    public (string Account, string Region, string TaskKind, string TaskId) Key => (Account, Region, TaskKind, TaskId);
}
