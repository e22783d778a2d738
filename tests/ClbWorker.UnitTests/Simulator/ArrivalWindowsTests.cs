using ClbWorker.Simulator.Traffic;

namespace ClbWorker.UnitTests.Simulator;

public sealed class ArrivalWindowsTests
{
    [Fact]
    public void Windows_are_half_open_so_arrivals_a_second_apart_never_share_one()
    {
        Assert.Equal(1, ArrivalWindows.MaxPerSecond([0, 1_000_000, 2_000_000]));
        Assert.Equal(2, ArrivalWindows.MaxPerSecond([0, 999_999, 2_000_000]));
    }

    [Fact]
    public void The_busiest_window_is_found_wherever_it_starts()
    {
        long[] arrivals = [5_000_000, 100, 200, 1_050_000, 1_060_000, 1_070_000, 900_000];

        Assert.Equal(4, ArrivalWindows.MaxPerSecond(arrivals));
    }

    [Fact]
    public void Rate_counts_intervals_between_the_first_and_the_last()
    {
        Assert.Equal(20, ArrivalWindows.Rate([0, 50_000, 100_000]), 3);
        Assert.True(double.IsNaN(ArrivalWindows.Rate([42])));
    }
}
