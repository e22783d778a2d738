using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Simulator.Traffic;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>
/// One clock: every time compared with a stored one is the database's, so a worker whose own clock is far off neither
/// takes another's live leases, nor polls a task twice at once, nor sends outside the shared budget. Counted at the
/// simulator from its arrival log, with each worker on its own SecretId of the same account.
/// </summary>
public sealed class SkewedClockTests(PostgresServer server)
{
    private static readonly SimulatorCredential Skewed = new() { SecretId = "AKIDSKEWED0000000000000000000000000", SecretKey = "skewed-key" };

    [Theory]
    [InlineData(30)]
    [InlineData(-30)]
    public async Task A_worker_whose_clock_is_off_by_30_s_never_polls_a_task_another_worker_holds(int offsetSeconds)
    {
        var arrivalLog = Path.Combine(Path.GetTempPath(), $"clbworker-arrivals-{Guid.NewGuid():N}.log");
        try
        {
            await using var world = await PollingWorld.StartAsync(server, o =>
            {
                o.Credentials.Add(Skewed);
                o.ArrivalLog = arrivalLog;
            });
            world.StartWorker(("Tencent:RequestsPerSecond", "40"));
            world.StartWorker(services => services.AddSingleton<TimeProvider>(new OffsetTimeProvider(TimeSpan.FromSeconds(offsetSeconds))),
                ("Tencent:RequestsPerSecond", "40"), ("Tencent:SecretId", Skewed.SecretId), ("Tencent:SecretKey", Skewed.SecretKey));
            var taskIds = world.Simulated(120, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(12));

            await world.EnqueueAsync(taskIds);
            var rows = await world.AllFinalAsync(taskIds.Count, TimeSpan.FromSeconds(90));

            Assert.All(rows, r => Assert.Equal("succeeded", r.State));
            var polls = Arrival.Read(arrivalLog).Where(a => a.IsDescribeTaskStatus).ToList();
            var tightest = polls.GroupBy(a => a.TaskId)
                .SelectMany(g => g.OrderBy(a => a.UnixMicros).Zip(g.OrderBy(a => a.UnixMicros).Skip(1), (a, b) => (g.Key, Gap: (b.UnixMicros - a.UnixMicros) / 1e6)))
                .MinBy(p => p.Gap);
            Assert.True(tightest.Gap >= 0.8, $"task {tightest.Key} was polled twice {tightest.Gap:0.000} s apart (Polling:MinInterval is 1 s)");
            Assert.InRange(ArrivalWindows.MaxPerSecond(polls.Select(a => a.UnixMicros)), 1, 40);
            Assert.Equal(0, polls.Count(a => a.RateLimited));
            Assert.Contains(polls, a => a.SecretId == Skewed.SecretId);
            Assert.Contains(polls, a => a.SecretId == PollingWorld.Credential.SecretId);
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
