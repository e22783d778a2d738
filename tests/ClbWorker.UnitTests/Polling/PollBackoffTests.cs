using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;

namespace ClbWorker.UnitTests.Polling;

public class PollBackoffTests
{
    private static readonly PollingOptions NoJitter = new() { Jitter = 0 };

    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 2000)]
    [InlineData(3, 4000)]
    [InlineData(4, 8000)]
    [InlineData(5, 10000)]
    [InlineData(50, 10000)]
    public void Delay_doubles_from_the_first_delay_up_to_the_maximum(int attempts, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), new PollBackoff(NoJitter).DelayAfter(attempts, 0.5));

    [Fact]
    public void Jitter_spreads_the_delay_both_ways_within_its_fraction()
    {
        var backoff = new PollBackoff(new PollingOptions { Jitter = 0.2 });

        Assert.Equal(TimeSpan.FromMilliseconds(1600), backoff.DelayAfter(2, 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(2000), backoff.DelayAfter(2, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(2399.2), backoff.DelayAfter(2, 0.999));
    }

    [Fact]
    public void Delay_is_never_shorter_than_the_minimum_interval()
    {
        var backoff = new PollBackoff(new PollingOptions { FirstDelay = TimeSpan.FromMilliseconds(200), MinInterval = TimeSpan.FromSeconds(1), Jitter = 0.5 });

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.DelayAfter(1, 0.0));
    }

    [Fact]
    public void Huge_attempt_counts_do_not_overflow()
    {
        var delay = new PollBackoff(NoJitter).DelayAfter(int.MaxValue, 0.5);

        Assert.Equal(TimeSpan.FromSeconds(10), delay);
    }
}
