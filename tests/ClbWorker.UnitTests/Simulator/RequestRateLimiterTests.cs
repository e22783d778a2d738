using ClbWorker.Simulator.RateLimiting;
using ClbWorker.Simulator.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Simulator;

public sealed class RequestRateLimiterTests
{
    private static readonly TrafficKey Key = new("AKID1", "127.0.0.1:18080", "DescribeTaskStatus");
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Admits_the_limit_and_refuses_the_next_request_in_the_same_instant()
    {
        var limiter = new RequestRateLimiter(3, _clock);

        var admitted = Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire(Key, _clock.GetTimestamp())).ToList();

        Assert.Equal([true, true, true, false], admitted);
    }

    [Fact]
    public void Window_is_half_open_so_a_request_exactly_one_second_later_is_admitted()
    {
        var limiter = new RequestRateLimiter(1, _clock);
        limiter.TryAcquire(Key, _clock.GetTimestamp());

        _clock.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - 1));
        var justUnderASecond = limiter.TryAcquire(Key, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromTicks(1));
        var atOneSecond = limiter.TryAcquire(Key, _clock.GetTimestamp());

        Assert.False(justUnderASecond);
        Assert.True(atOneSecond);
    }

    [Fact]
    public void Window_slides_instead_of_resetting_on_the_second()
    {
        var limiter = new RequestRateLimiter(2, _clock);
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        limiter.TryAcquire(Key, _clock.GetTimestamp());
        limiter.TryAcquire(Key, _clock.GetTimestamp());

        _clock.Advance(TimeSpan.FromMilliseconds(200)); // a new calendar second, but the two are 200 ms old

        Assert.False(limiter.TryAcquire(Key, _clock.GetTimestamp()));
    }

    [Fact]
    public void Refused_requests_do_not_extend_the_wait()
    {
        var limiter = new RequestRateLimiter(1, _clock);
        limiter.TryAcquire(Key, _clock.GetTimestamp());
        _clock.Advance(TimeSpan.FromMilliseconds(900));
        Assert.False(limiter.TryAcquire(Key, _clock.GetTimestamp()));

        _clock.Advance(TimeSpan.FromMilliseconds(100));

        Assert.True(limiter.TryAcquire(Key, _clock.GetTimestamp()));
    }

    [Fact]
    public void Each_key_has_its_own_allowance()
    {
        var limiter = new RequestRateLimiter(1, _clock);
        limiter.TryAcquire(Key, _clock.GetTimestamp());

        Assert.True(limiter.TryAcquire(Key with { SecretId = "AKID2" }, _clock.GetTimestamp()));
        Assert.True(limiter.TryAcquire(Key with { Host = "localhost:18080" }, _clock.GetTimestamp()));
        Assert.True(limiter.TryAcquire(Key with { Action = "CreateListener" }, _clock.GetTimestamp()));
        Assert.False(limiter.TryAcquire(Key, _clock.GetTimestamp()));
    }

    [Fact]
    public void Concurrent_callers_never_get_more_than_the_limit()
    {
        var limiter = new RequestRateLimiter(20, _clock);

        var admitted = 0;
        Parallel.For(0, 1000, _ =>
        {
            if (limiter.TryAcquire(Key, _clock.GetTimestamp()))
                Interlocked.Increment(ref admitted);
        });

        Assert.Equal(20, admitted);
    }

    [Fact]
    public void A_request_checked_late_cannot_squeeze_into_a_full_window_that_later_arrivals_filled()
    {
        var limiter = new RequestRateLimiter(2, _clock);
        var early = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(10));
        var later = _clock.GetTimestamp();

        Assert.True(limiter.TryAcquire(Key, later));
        Assert.True(limiter.TryAcquire(Key, later));
        Assert.False(limiter.TryAcquire(Key, early));
    }

    [Fact]
    public void Requests_are_counted_by_arrival_even_when_checked_out_of_order()
    {
        var limiter = new RequestRateLimiter(2, _clock);
        var first = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        var second = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromMilliseconds(600));
        var third = _clock.GetTimestamp();

        // The third arrival is checked before the second: one second after the first, it shares no window with it.
        Assert.True(limiter.TryAcquire(Key, first));
        Assert.True(limiter.TryAcquire(Key, third));
        Assert.True(limiter.TryAcquire(Key, second));
        Assert.False(limiter.TryAcquire(Key, second));
    }
}
