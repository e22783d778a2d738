using System.Globalization;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>Several worker processes share one database and one Tencent Cloud account limited to 20 requests per second.</summary>
public sealed class SharedAccountDrainTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private const int Tasks = 1000;
    private const int Limit = 20;
    private const string StartedLine = "Application started";

    [Fact(Timeout = 180_000)]
    public async Task Three_worker_processes_drain_a_backlog_at_the_account_limit_and_never_above_it()
    {
        ChildProcess[] workers = [Bed.StartWorker("worker-1"), Bed.StartWorker("worker-2"), Bed.StartWorker("worker-3")];
        // The backlog lands once every process has started: on this one machine a starting .NET process takes
        // both cores for a moment, starving the simulator too, and the test measures steady draining, not that.
        await Task.WhenAll(workers.Select(w => w.WaitForLineAsync(StartedLine, TimeSpan.FromSeconds(60))));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var ids = await Bed.Simulator.CreateTasksAsync(Tasks, TimeSpan.Zero, "succeeded");
        await Bed.Tasks.EnqueueAsync(ids);
        var watch = new DrainWatch(Bed);

        // 1,000 polls at 20/s take 52 s at the planned 96 % of the limit; the rest is start-up and slack.
        await watch.UntilFinalAsync(Tasks, TimeSpan.FromSeconds(120));
        // A polling run logs its counts when it ends, so stop them all gracefully before reading their logs.
        await Task.WhenAll(workers.Select(w => w.TerminateAsync(TimeSpan.FromSeconds(15))));

        var rows = await Bed.Tasks.RowsAsync();
        var traffic = (await Bed.Simulator.PollerTrafficAsync())!;
        var completed = rows.Select(r => r.CompletedAt!.Value).ToList();
        var drainRate = (Tasks - 1) / (completed.Max() - completed.Min()).TotalSeconds;
        var polled = workers.Where(w => WorkerLog.Sent(w) > 0).ToList();
        var pause = WorkerLog.LongestPause(workers);
        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"drain rate {drainRate:F2}/s over completed_at, {watch.SimulatorSideRate():F2}/s at the simulator; " +
            $"largest 1-s window {traffic.LargestOneSecondArrivals} arrivals, {WorkerLog.LargestOneSecondSends(workers)} sends; " +
            $"longest pause between sends {pause.Length.TotalMilliseconds:F0} ms from {pause.From:hh\\:mm\\:ss\\.fff}; " +
            $"requests {traffic.Requests}, rejections [{string.Join(", ", traffic.RejectionsByCode.Select(r => $"{r.Key}={r.Value}"))}]; " +
            $"per process: {string.Join("; ", workers.Select(Describe))}"));

        Assert.Multiple(
            () => Assert.All(rows, r => Assert.Equal("succeeded", r.State)),
            () => Assert.InRange(traffic.LargestOneSecondArrivals, 1, Limit),
            () => Assert.Equal(0, traffic.LimitExceeded),
            // Every answer the simulator gave was counted once: no task polled twice unnoticed, none lost.
            () => Assert.Equal(traffic.CountedAnswers, rows.Sum(r => r.Attempts)),
            () => Assert.True(drainRate >= 0.95 * Limit, $"Drained at {drainRate:F2}/s, below 95 % of {Limit}/s."),
            // Every process polls from its own recurring job, on a queue only its server reads.
            () => Assert.Equal(workers.Length, polled.Count));
    }

    private static string Describe(ChildProcess worker)
    {
        var started = worker.Lines.FirstOrDefault(l => l.Text.Contains(WorkerProcess.PollingStarted, StringComparison.Ordinal));
        return string.Create(CultureInfo.InvariantCulture,
            $"{worker.Name} sent {WorkerLog.Sent(worker)} (first run {started?.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "never"}, " +
            $"max send lateness {WorkerLog.MaxSendLatenessMs(worker)} ms)");
    }
}
