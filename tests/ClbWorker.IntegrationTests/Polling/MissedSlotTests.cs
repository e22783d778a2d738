using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>A poll that reaches the socket after its send slot is not sent; the task must get a fresh slot at once.</summary>
public sealed class MissedSlotTests(PostgresServer server)
{
    [Fact]
    public async Task A_task_whose_slot_was_missed_is_polled_at_a_fresh_slot_and_not_left_until_its_lease_runs_out()
    {
        await using var world = await PollingWorld.StartAsync(server);
        var hold = new FirstPollHold(TimeSpan.FromMilliseconds(300));
        // Outermost, so the hold comes before the send-deadline check, as a stalled process's would.
        world.StartWorker(services => services.AddHttpClient<ClbApiClient>()
                .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Insert(0, new HoldingHandler(hold))),
            // Long enough that a task stranded until its lease ran out cannot pass for one polled again.
            ("Polling:LeaseDuration", "00:02:00"));
        var ids = world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);

        var enqueued = DateTime.UtcNow;
        await world.EnqueueAsync(ids);
        var rows = await world.AllFinalAsync(1, TimeSpan.FromSeconds(50));
        var took = DateTime.UtcNow - enqueued;
        TestContext.Current.TestOutputHelper?.WriteLine($"enqueue to final with one missed slot: {took.TotalMilliseconds:F0} ms");

        Assert.True(hold.Taken);
        Assert.Equal(("succeeded", 1), (rows[0].State, rows[0].Attempts));
        // Nothing left the process for the missed slot: the simulator saw exactly the one poll that counted.
        Assert.Equal(1, world.PollerStats().Accepted);
        Assert.True(took < TimeSpan.FromSeconds(30), $"The task became final {took.TotalSeconds:F1} s after it was enqueued.");
    }

    /// <summary>Holds the first poll that carries a send deadline for <c>by</c>, so that it misses its slot.</summary>
    private sealed class FirstPollHold(TimeSpan by)
    {
        private int taken;

        public TimeSpan By => by;

        public bool Taken => Volatile.Read(ref taken) == 1;

        public bool Take() => Interlocked.Exchange(ref taken, 1) == 0;
    }

    private sealed class HoldingHandler(FirstPollHold hold) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Options.TryGetValue(SendDeadlineHandler.SendBy, out _) && hold.Take())
                await Task.Delay(hold.By, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
