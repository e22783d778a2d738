using ClbWorker.Simulator;

namespace ClbWorker.UnitTests.Simulator;

public sealed class SimulatedTaskTests
{
    private static readonly DateTimeOffset Created = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Ends = Created.AddSeconds(10);

    [Theory]
    [InlineData(SimulatedTaskOutcome.Succeeded, 0)]
    [InlineData(SimulatedTaskOutcome.Failed, 1)]
    public void Status_is_running_until_the_completion_instant_then_the_outcome(SimulatedTaskOutcome outcome, int finalStatus)
    {
        var task = new SimulatedTask("t", "ap-guangzhou", outcome, Created, Ends);

        Assert.Equal(2, task.StatusAt(Created));
        Assert.Equal(2, task.StatusAt(Ends.AddTicks(-1)));
        Assert.Equal(finalStatus, task.StatusAt(Ends));
    }

    [Fact]
    public void Task_without_a_completion_instant_runs_forever() =>
        Assert.Equal(2, new SimulatedTask("t", "ap-guangzhou", SimulatedTaskOutcome.Never, Created, null).StatusAt(DateTimeOffset.MaxValue));
}
