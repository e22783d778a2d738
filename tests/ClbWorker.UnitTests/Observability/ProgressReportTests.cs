using ClbWorker.Observability;

namespace ClbWorker.UnitTests.Observability;

public class ProgressReportTests
{
    private static readonly ProgressReport Idle = new(0, 0, 0, 0, 0, 0, TimeSpan.FromSeconds(5));

    [Fact]
    public void Nothing_pending_due_or_done_is_quiet() => Assert.True(Idle.IsQuiet);

    [Fact]
    public void A_delivery_waiting_for_a_later_retry_alone_is_quiet() => Assert.True((Idle with { DeliveriesPending = 3 }).IsQuiet);

    [Fact]
    public void Pending_tasks_due_deliveries_or_any_work_done_are_not_quiet() =>
        Assert.All(
            new[] { Idle with { TasksPending = 1 }, Idle with { DeliveriesDue = 1 }, Idle with { Polls = 1 }, Idle with { TasksFinished = 1 }, Idle with { Delivered = 1 } },
            report => Assert.False(report.IsQuiet, report.ToString()));

    [Fact]
    public void Polls_per_second_is_over_the_interval_and_zero_for_an_empty_one()
    {
        Assert.Equal(2.5, (Idle with { Polls = 25, Interval = TimeSpan.FromSeconds(10) }).PollsPerSecond);
        Assert.Equal(0, (Idle with { Polls = 25, Interval = TimeSpan.Zero }).PollsPerSecond);
    }
}
