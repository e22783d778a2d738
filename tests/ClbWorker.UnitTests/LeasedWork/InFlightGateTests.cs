using ClbWorker.LeasedWork;

namespace ClbWorker.UnitTests.LeasedWork;

public class InFlightGateTests
{
    [Fact]
    public void Each_item_is_admitted_only_while_both_caps_have_room()
    {
        var gate = new InFlightGate(maxInFlight: 3, maxPerPartition: 2);

        var admitted = new[] { gate.TryEnter("a"), gate.TryEnter("a"), gate.TryEnter("a"), gate.TryEnter("b"), gate.TryEnter("b") };

        Assert.Equal([true, true, false, true, false], admitted);
        Assert.Equal((3, 0, 0, 0), (gate.InFlight, gate.Free, gate.RoomIn("a"), gate.RoomIn("c")));
    }

    [Fact]
    public void Room_comes_back_when_an_item_exits_and_several_waiting_items_fill_it_one_by_one()
    {
        var gate = new InFlightGate(maxInFlight: 10, maxPerPartition: 2);
        gate.TryEnter("host");
        gate.TryEnter("host");

        gate.Exit("host");
        // Five items waiting for the host: each is checked on its own, so only one gets the room that came free.
        var started = Enumerable.Range(0, 5).Count(_ => gate.TryEnter("host"));

        Assert.Equal(1, started);
        Assert.Equal((2, 0), (gate.InFlight, gate.RoomIn("host")));
    }

    [Fact]
    public void Items_without_a_partition_count_against_the_overall_cap_only()
    {
        var gate = new InFlightGate(maxInFlight: 2, maxPerPartition: 1);

        Assert.True(gate.TryEnter(null));
        Assert.True(gate.TryEnter(null));
        Assert.False(gate.TryEnter(null));
        Assert.True(gate.Exit(null)); // was full: a round waiting for room should run
        Assert.False(gate.Exit(null));
    }
}
