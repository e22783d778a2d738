namespace ClbWorker.Events;

/// <summary>One row of <c>clb.task_events</c>: a task's final transition or a poll that left it running.</summary>
/// <param name="Id">The stream's event id; ids grow in commit order.</param>
/// <param name="TaskRowId">The task's <c>id</c> (as in <c>/api/tasks/{id}</c>).</param>
/// <param name="Type"><c>task.succeeded</c> ... <c>task.cancelled</c>, or <c>task.polled</c>.</param>
/// <param name="Body">The whole event as JSON: for a final transition, the webhook body.</param>
public sealed record TaskEvent(long Id, long TaskRowId, string Type, string Account, string Region, string TaskId, string State, string Body)
{
    public const string PolledType = "task.polled";

    public bool IsFinal => Type != PolledType;
}
