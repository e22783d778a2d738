namespace ClbWorker.Tasks;

/// <summary>
/// What an operator's change to one task did. <see cref="Task"/> is null only when no task has that id; when
/// <see cref="Changed"/> is false it is the task as it stands, so the caller can say why (e.g. already final).
/// </summary>
public sealed record TaskChange(TaskRecord? Task, bool Changed)
{
    public bool NotFound => Task is null;
}
