using System.Globalization;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>How soon an idle worker process polls a task that another system inserts with plain SQL.</summary>
public sealed class FirstPollLatencyTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private const int Probes = 3;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(3);

    // Far longer than the latency allowed: a task polled in time was found through the insert's NOTIFY, not the timer.
    private static readonly Dictionary<string, string> SlowIdleCheck = new() { ["IdleCheckInterval"] = "00:00:05" };

    [Fact(Timeout = 120_000)]
    public async Task An_idle_worker_polls_a_task_inserted_by_sql_within_a_second()
    {
        var worker = Bed.StartWorker("worker", SlowIdleCheck);
        await worker.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60));
        var latencies = new List<TimeSpan>();
        for (var probe = 0; probe < Probes; probe++)
        {
            // Each probe task is final after its first poll, so the worker has nothing pending while it waits.
            await Task.Delay(Idle, TestContext.Current.CancellationToken);
            var id = await Bed.Simulator.CreateTasksAsync(1, TimeSpan.Zero, "succeeded");
            await Bed.Tasks.EnqueueAsync(id);
            var rows = await Eventually.ReturnsAsync(() => Bed.Tasks.RowsAsync(id), r => r.Single().Attempts > 0, TimeSpan.FromSeconds(10), $"task {id[0]} polled");
            latencies.Add(rows.Single().LastPolledAt!.Value - rows.Single().CreatedAt);
        }

        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"first poll after insert (last_polled_at - created_at): {string.Join(", ", latencies.Select(l => $"{l.TotalMilliseconds:F0} ms"))}"));
        Assert.All(latencies, latency => Assert.InRange(latency, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
    }
}
