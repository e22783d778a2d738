using ClbWorker.Simulator;
using ClbWorker.Simulator.Faults;
using ClbWorker.Simulator.Randomness;

namespace ClbWorker.UnitTests.Simulator;

public sealed class FaultInjectorTests
{
    [Fact]
    public void No_fault_is_drawn_when_every_rate_is_zero()
    {
        var injector = new FaultInjector(new SimulatorFaults(), new SimulatorRandom(1));

        var plans = Enumerable.Range(0, 1000).Select(_ => injector.Plan()).ToList();

        Assert.All(plans, p => Assert.Equal(new FaultPlan(TimeSpan.Zero, TimeSpan.Zero, null), p));
    }

    [Fact]
    public void Dropping_the_connection_wins_over_every_other_replacement()
    {
        var all = new SimulatorFaults { ConnectionDropRate = 1, ServerErrorRate = 1, InternalErrorRate = 1, MalformedJsonRate = 1 };

        Assert.Equal(SimulatorFaultKind.ConnectionDrop, new FaultInjector(all, new SimulatorRandom(1)).Plan().Replacement);
    }

    [Fact]
    public void Hang_and_latency_come_with_their_configured_durations()
    {
        var faults = new SimulatorFaults { HangRate = 1, HangDuration = TimeSpan.FromSeconds(3), AddedLatency = TimeSpan.FromMilliseconds(250) };

        var plan = new FaultInjector(faults, new SimulatorRandom(1)).Plan();

        Assert.Equal(new FaultPlan(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3), null), plan);
    }

    [Fact]
    public void A_rate_is_honoured_over_many_draws()
    {
        var injector = new FaultInjector(new SimulatorFaults { ServerErrorRate = 0.25 }, new SimulatorRandom(123));

        var faulted = Enumerable.Range(0, 10_000).Count(_ => injector.Plan().Replacement is not null);

        Assert.InRange(faulted, 2300, 2700);
    }

    [Fact]
    public void Same_seed_gives_the_same_sequence()
    {
        var faults = new SimulatorFaults { InternalErrorRate = 0.5, MalformedJsonRate = 0.5 };
        IEnumerable<SimulatorFaultKind?> Draw(int seed)
        {
            var injector = new FaultInjector(faults, new SimulatorRandom(seed));
            return Enumerable.Range(0, 200).Select(_ => injector.Plan().Replacement).ToList();
        }

        Assert.Equal(Draw(99), Draw(99));
        Assert.NotEqual(Draw(99), Draw(100));
    }

    [Fact]
    public void Invalid_settings_are_refused_and_the_old_ones_kept()
    {
        var injector = new FaultInjector(new SimulatorFaults { HangRate = 0.1 }, new SimulatorRandom(1));

        var errors = injector.TrySet(new SimulatorFaults { HangRate = 1.5 }, name => name);

        Assert.Equal(["HangRate must be a probability between 0 and 1; got 1.5."], errors.Messages);
        Assert.Equal(0.1, injector.Current.HangRate);
    }
}
