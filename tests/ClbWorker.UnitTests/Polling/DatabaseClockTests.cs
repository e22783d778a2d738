using ClbWorker.Polling.SendBudget;

namespace ClbWorker.UnitTests.Polling;

public class DatabaseClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private readonly DatabaseClock clock = new();

    [Fact]
    public void A_reading_maps_database_time_to_local_time_through_the_middle_of_its_round_trip()
    {
        // The database runs 250 ms ahead; the call took 2 ms.
        clock.Observe(T0, T0.AddMilliseconds(2), T0.AddMilliseconds(251));

        Assert.Equal(T0.AddSeconds(1), clock.ToLocal(T0.AddMilliseconds(1250)));
        Assert.Equal(TimeSpan.FromMilliseconds(1), clock.Uncertainty);
    }

    [Fact]
    public void A_slow_call_does_not_replace_the_reading_of_a_quick_one()
    {
        clock.Observe(T0, T0.AddMilliseconds(2), T0.AddMilliseconds(1));
        // A GC pause kept this answer 80 ms: its reading would shift every slot up to 40 ms.
        clock.Observe(T0.AddSeconds(1), T0.AddSeconds(1).AddMilliseconds(80), T0.AddSeconds(1).AddMilliseconds(1));

        Assert.Equal(T0.AddSeconds(5), clock.ToLocal(T0.AddSeconds(5)));
    }

    [Fact]
    public void An_old_quick_reading_gives_way_so_drift_is_followed()
    {
        clock.Observe(T0, T0.AddMilliseconds(1), T0);
        clock.Observe(T0.AddMinutes(1), T0.AddMinutes(1).AddMilliseconds(4), T0.AddMinutes(1).AddMilliseconds(12));

        Assert.Equal(TimeSpan.FromMilliseconds(2), clock.Uncertainty);
        Assert.Equal(T0.AddMinutes(2), clock.ToLocal(T0.AddMinutes(2).AddMilliseconds(10)));
    }

    [Fact]
    public void A_reading_slower_than_a_second_is_not_trusted_and_database_time_is_taken_as_local_time()
    {
        // The call was stuck for 40 s after the database answered: its reading says the database is 20 s behind.
        clock.Observe(T0, T0.AddSeconds(40), T0.AddMilliseconds(1));

        Assert.Equal(T0.AddMinutes(1), clock.ToLocal(T0.AddMinutes(1)));

        clock.Observe(T0.AddSeconds(41), T0.AddSeconds(41).AddMilliseconds(2), T0.AddSeconds(41).AddMilliseconds(251));
        Assert.Equal(T0.AddMinutes(1), clock.ToLocal(T0.AddMinutes(1).AddMilliseconds(250)));
    }

    [Fact]
    public void A_forgotten_reading_gives_way_to_the_next_one_even_if_that_one_is_slower()
    {
        clock.Observe(T0, T0.AddMilliseconds(2), T0.AddMilliseconds(251));
        clock.Forget();
        clock.Observe(T0.AddSeconds(1), T0.AddSeconds(1).AddMilliseconds(10), T0.AddSeconds(1).AddMilliseconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(5), clock.Uncertainty);
        Assert.Equal(T0.AddMinutes(1), clock.ToLocal(T0.AddMinutes(1)));
    }
}
