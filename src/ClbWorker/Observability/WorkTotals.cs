namespace ClbWorker.Observability;

/// <summary>Running totals of this process since it started; the difference of two gives the work of an interval.</summary>
public readonly record struct WorkTotals(long Polls, long TasksFinished, long WebhooksDelivered)
{
    public WorkTotals Since(WorkTotals earlier) =>
        new(Polls - earlier.Polls, TasksFinished - earlier.TasksFinished, WebhooksDelivered - earlier.WebhooksDelivered);
}
