namespace ClbWorker.Events;

/// <summary>Which events a stream wants; null means "any". The same test runs in SQL (<see cref="TaskEventStore"/>) and here.</summary>
/// <param name="States">Task states (the event's <c>state</c>: a final state, or <c>pending</c> for a poll event).</param>
/// <param name="Polls">Whether <c>task.polled</c> events are included.</param>
public sealed record EventFilter(string? Account, string? Region, string? TaskId, IReadOnlyList<string>? States, bool Polls)
{
    public static EventFilter All { get; } = new(null, null, null, null, false);

    public bool Matches(TaskEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return (Polls || e.IsFinal)
            && (Account is null || Account == e.Account)
            && (Region is null || Region == e.Region)
            && (TaskId is null || TaskId == e.TaskId)
            && (States is null || States.Contains(e.State));
    }
}
