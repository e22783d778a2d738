namespace ClbWorker.Observability;

/// <summary>What the dev run's progress line says: the backlog now and the work of the interval before it.</summary>
/// <param name="TasksPending">Tasks in state <c>pending</c>, in the whole database.</param>
/// <param name="Polls">DescribeTaskStatus requests this process got an answer (or an error) for in the interval.</param>
/// <param name="TasksFinished">Tasks this process made final in the interval.</param>
/// <param name="DeliveriesPending">Webhook deliveries in state <c>pending</c>, including those waiting for a later retry.</param>
/// <param name="DeliveriesDue">Pending deliveries whose next attempt is due now.</param>
/// <param name="Delivered">Webhook deliveries this process delivered in the interval.</param>
public sealed record ProgressReport(
    long TasksPending, long Polls, long TasksFinished, long DeliveriesPending, long DeliveriesDue, long Delivered, TimeSpan Interval)
{
    public double PollsPerSecond => Interval > TimeSpan.Zero ? Polls / Interval.TotalSeconds : 0;

    /// <summary>Nothing to do now and nothing done: no line. A delivery waiting hours for its retry does not count as work now.</summary>
    public bool IsQuiet => TasksPending == 0 && DeliveriesDue == 0 && Polls == 0 && TasksFinished == 0 && Delivered == 0;
}
