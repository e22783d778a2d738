using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>The whole application in-process against the simulator over loopback HTTP and a real PostgreSQL.</summary>
public sealed class PollingEndToEndTests(PostgresServer server)
{
    [Fact]
    public async Task Five_hundred_tasks_of_mixed_fate_all_reach_the_right_final_state_with_every_poll_counted()
    {
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker();
        // One task first, so the polling loop is running before the clocks of the 4 s tasks below start.
        await world.EnqueueAsync(world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero));
        await world.AllFinalAsync(1, TimeSpan.FromSeconds(60));
        var succeed = world.Simulated(200, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(4));
        var fail = world.Simulated(150, SimulatedTaskOutcome.Failed, TimeSpan.FromSeconds(1));
        var unknown = world.Simulated(100, SimulatedTaskOutcome.Unknown, TimeSpan.Zero);
        var never = world.Simulated(50, SimulatedTaskOutcome.Never, TimeSpan.Zero);

        await world.EnqueueAsync(succeed.Concat(fail).Concat(unknown));
        await world.EnqueueAsync(never, deadline: DateTimeOffset.UtcNow.AddSeconds(6));
        var rows = await world.AllFinalAsync(501, TimeSpan.FromSeconds(60));

        var byId = rows.ToDictionary(r => r.TaskId);
        Assert.All(succeed, id => Assert.Equal(("succeeded", (short?)0, (string?)null), (byId[id].State, byId[id].LastStatus, byId[id].ErrorCode)));
        Assert.All(fail, id => Assert.Equal(("failed", (short?)1), (byId[id].State, byId[id].LastStatus)));
        Assert.All(unknown, id => Assert.Equal(("invalid", "InvalidParameter", 1), (byId[id].State, byId[id].ErrorCode, byId[id].Attempts)));
        Assert.All(never, id => Assert.Equal(("timed_out", (short?)2, "DeadlineExceeded"), (byId[id].State, byId[id].LastStatus, byId[id].ErrorCode)));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.RequestId)));
        Assert.All(rows, r => Assert.Null(r.LeaseOwner));
        // Tasks that finish after 4 s cannot be seen final on the first poll.
        Assert.All(succeed, id => Assert.InRange(byId[id].Attempts, 2, 10));

        var stats = world.PollerStats();
        Assert.Equal(new Dictionary<string, long> { ["InvalidParameter"] = 100 }, stats.RejectionsByCode);
        // Every answer the simulator gave is one counted attempt: nothing polled twice unnoticed, nothing lost.
        Assert.Equal(stats.Accepted + stats.Rejected, rows.Sum(r => r.Attempts));
    }

    [Fact]
    public async Task Under_simulator_faults_every_task_still_reaches_its_correct_final_state()
    {
        await using var world = await PollingWorld.StartAsync(server, o => o.Faults = new SimulatorFaults
        {
            ServerErrorRate = 0.10,
            HangRate = 0.05,
            HangDuration = TimeSpan.FromSeconds(3),
            InternalErrorRate = 0.05,
            MalformedJsonRate = 0.01,
            ConnectionDropRate = 0.01,
        });
        world.StartWorker(("Tencent:Timeout", "00:00:01"), ("Polling:MaxDelay", "00:00:02"));
        var succeed = world.Simulated(100, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(2));
        var fail = world.Simulated(100, SimulatedTaskOutcome.Failed, TimeSpan.FromSeconds(1));

        await world.EnqueueAsync(succeed.Concat(fail));
        var rows = await world.AllFinalAsync(200, TimeSpan.FromSeconds(90));

        var byId = rows.ToDictionary(r => r.TaskId);
        Assert.All(succeed, id => Assert.Equal("succeeded", byId[id].State));
        Assert.All(fail, id => Assert.Equal("failed", byId[id].State));
        var faults = world.PollerStats().FaultsByKind;
        Assert.All(new[] { SimulatorFaultKind.ServerError, SimulatorFaultKind.Hang, SimulatorFaultKind.InternalError },
            kind => Assert.True(faults.GetValueOrDefault(kind) > 0, $"no {kind} was injected"));
    }

    [Fact]
    public async Task A_task_for_an_account_that_is_not_configured_becomes_invalid_naming_the_configured_accounts()
    {
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker();

        await world.EnqueueAsync(["f1d2c3b4-0000-4000-8000-000000000001"], account: "prod");
        var row = (await world.AllFinalAsync(1, TimeSpan.FromSeconds(20))).Single();

        Assert.Equal(("invalid", "AccountNotConfigured", 0), (row.State, row.ErrorCode, row.Attempts));
        Assert.Contains("'prod'", row.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("default", row.ErrorMessage, StringComparison.Ordinal);
    }
}
