using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Simulator.Traffic;
using ClbWorker.Observability;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>
/// One clock: every time compared with a stored one is the database's, so a worker whose own clock is far off neither
/// takes another's live leases, nor polls a task twice at once, nor sends outside the shared budget. Counted at the
/// simulator from its arrival log.
/// </summary>
public sealed class SkewedClockTests(PostgresServer server)
{
    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public async Task A_worker_whose_clock_is_off_by_30_s_never_polls_a_task_another_worker_holds(int offsetSeconds)
    {
        var arrivalLog = Path.Combine(Path.GetTempPath(), $"clbworker-arrivals-{Guid.NewGuid():N}.log");
        try
        {
            // The simulator refuses what goes past 44/s, the 40/s budget plus 10 %: it shares this test process (and its
            // pauses) with both workers, so arrivals can bunch a little more than at a server of its own.
            await using var world = await PollingWorld.StartAsync(server, o =>
            {
                o.ArrivalLog = arrivalLog;
                o.RateLimitPerSecond = 44;
            });
            var steady = world.StartWorker(("Tencent:RequestsPerSecond", "40"));
            var skewed = world.StartWorker(services => services.AddSingleton<TimeProvider>(new OffsetTimeProvider(TimeSpan.FromSeconds(offsetSeconds))),
                ("Tencent:RequestsPerSecond", "40"));
            var taskIds = world.Simulated(120, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(12));

            await world.EnqueueAsync(taskIds);
            var rows = await world.AllFinalAsync(taskIds.Count, TimeSpan.FromSeconds(90));

            Assert.All(rows, r => Assert.Equal("succeeded", r.State));
            var polls = Arrival.Read(arrivalLog).Where(a => a.IsDescribeTaskStatus).ToList();
            var tightest = polls.GroupBy(a => a.TaskId)
                .SelectMany(g => g.OrderBy(a => a.UnixMicros).Zip(g.OrderBy(a => a.UnixMicros).Skip(1), (a, b) => (g.Key, Gap: (b.UnixMicros - a.UnixMicros) / 1e6)))
                .MinBy(p => p.Gap);
            Assert.True(tightest.Gap >= 0.8, $"task {tightest.Key} was polled twice {tightest.Gap:0.000} s apart (Polling:MinInterval is 1 s)");
            Assert.Equal(0, polls.Count(a => a.RateLimited));
            // Both took part: each counted answers of its own.
            Assert.All(new[] { steady, skewed }, w => Assert.True(w.Services.GetRequiredService<ClbMetrics>().Totals.Polls > 0));
        }
        finally
        {
            File.Delete(arrivalLog);
        }
    }

    /// <summary>This process's clock, off by a fixed amount; timers and timestamps (its own waits) run as usual.</summary>
    private sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
