using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Simulator.Traffic;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>Nothing but signed DescribeTaskStatus requests reaches the CLB endpoint, from the very first one of a process.</summary>
public sealed class OnlyRealRequestsTests(PostgresServer server)
{
    [Fact]
    public async Task A_starting_worker_sends_the_endpoint_only_its_signed_polls()
    {
        var arrivalLog = Path.Combine(Path.GetTempPath(), $"clbworker-arrivals-{Guid.NewGuid():N}.log");
        try
        {
            int attempts;
            await using (var world = await PollingWorld.StartAsync(server, o => o.ArrivalLog = arrivalLog))
            {
                world.StartWorker();
                var taskIds = world.Simulated(5, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(2));
                await world.EnqueueAsync(taskIds);
                attempts = (await world.AllFinalAsync(5, TimeSpan.FromSeconds(30))).Sum(r => r.Attempts);
            }

            var arrivals = Arrival.Read(arrivalLog);
            Assert.All(arrivals, a => Assert.True(a.IsDescribeTaskStatus && a.SecretId == PollingWorld.Credential.SecretId && a.Answered,
                $"a request that is not a signed, answered DescribeTaskStatus: {a}"));
            Assert.Equal(attempts, arrivals.Count);
        }
        finally
        {
            File.Delete(arrivalLog);
        }
    }
}
