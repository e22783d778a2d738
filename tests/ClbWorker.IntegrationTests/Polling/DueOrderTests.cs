using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Simulator.Traffic;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>Keys are served most overdue first, also when a less overdue key has been served before.</summary>
public sealed class DueOrderTests(PostgresServer server)
{
    private static readonly SimulatorCredential Second = new() { SecretId = "AKIDSECOND0000000000000000000000000", SecretKey = "second-key" };

    [Fact]
    public async Task With_room_for_one_request_the_most_overdue_key_goes_first()
    {
        var arrivalLog = Path.Combine(Path.GetTempPath(), $"clbworker-arrivals-{Guid.NewGuid():N}.log");
        try
        {
            await using var world = await PollingWorld.StartAsync(server, o =>
            {
                o.Credentials.Add(Second);
                o.ArrivalLog = arrivalLog;
            });
            world.StartWorker(("Polling:MaxConcurrentRequests", "1"),
                ("Tencent:Accounts:second:SecretId", Second.SecretId), ("Tencent:Accounts:second:SecretKey", Second.SecretKey));
            // The second account is served first, so its key is the one this worker has known longest.
            var first = world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);
            await world.EnqueueAsync(first, account: "second");
            await world.AllFinalAsync(1, TimeSpan.FromSeconds(30));

            var ids = world.Simulated(2, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);
            await using (var connection = new NpgsqlConnection(world.ConnectionString))
            {
                await connection.ExecuteAsync("""
                    INSERT INTO clb.tasks (task_id, region, account, next_poll_at) VALUES
                        (@overdue, 'ap-guangzhou', 'default', now() - interval '1 hour'),
                        (@recent, 'ap-guangzhou', 'second', now())
                    """, new { overdue = ids[0], recent = ids[1] });
            }
            await world.AllFinalAsync(3, TimeSpan.FromSeconds(30));

            var order = Arrival.Read(arrivalLog).Where(a => ids.Contains(a.TaskId)).OrderBy(a => a.UnixMicros).Select(a => a.TaskId).ToList();
            Assert.Equal([ids[0], ids[1]], order);
        }
        finally
        {
            File.Delete(arrivalLog);
        }
    }
}
