using System.Globalization;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>A worker process is told to stop (SIGTERM, as an orchestrator stops a container) in the middle of a backlog.</summary>
public sealed class GracefulShutdownTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private const int Tasks = 300;

    [Fact(Timeout = 120_000)]
    public async Task A_worker_told_to_stop_exits_within_seconds_holding_no_lease_and_another_worker_finishes_its_backlog()
    {
        var ids = await Bed.Simulator.CreateTasksAsync(Tasks, TimeSpan.FromSeconds(2), "succeeded");
        await Bed.Tasks.EnqueueAsync(ids);
        var a = Bed.StartWorker("worker-a");
        var busy = await Eventually.ReturnsAsync(Bed.Tasks.RowsAsync, r => r.Count(t => t.LeaseOwner is not null) >= 10 && r.Any(t => t.Attempts > 0),
            TimeSpan.FromSeconds(60), "worker A polling with leases held");

        var took = await a.TerminateAsync(TimeSpan.FromSeconds(30));
        var leftLeased = await Bed.Tasks.LeasedAsync();
        var afterStop = await Bed.Tasks.RowsAsync();
        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"worker A exited {took.TotalSeconds:F2} s after SIGTERM with code {a.ExitCode}; it held {busy.Count(t => t.LeaseOwner is not null)} leases " +
            $"shortly before; {afterStop.Count(t => t.IsFinal)} of {Tasks} tasks final when it stopped; {leftLeased.Count} rows still leased after"));
        Assert.Multiple(
            () => Assert.True(took < TimeSpan.FromSeconds(10), $"Took {took.TotalSeconds:F1} s to exit."),
            () => Assert.Equal(0, a.ExitCode),
            () => Assert.Empty(leftLeased.Where(r => a.Owns(r.LeaseOwner!)).Select(r => r.TaskId)));

        Bed.StartWorker("worker-b");
        var rows = await Eventually.ReturnsAsync(Bed.Tasks.RowsAsync, r => r.All(t => t.IsFinal), TimeSpan.FromSeconds(60), "every task final");
        Assert.All(rows, r => Assert.Equal("succeeded", r.State));
    }
}
