using System.Net;
using ClbWorker.Dashboard;
using ClbWorker.Dashboard.Access;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.UnitTests.Dashboard;

public class DashboardLoginThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("203.0.113.5");
    private static readonly IPAddress Operator = IPAddress.Parse("192.0.2.10");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_address_is_refused_from_its_limit_until_its_minute_ends_and_others_are_not()
    {
        var throttle = Throttle(perAddress: 3, total: 100);

        for (var i = 0; i < 3; i++)
        {
            Assert.Null(throttle.Refusal(Guesser));
            // The failure that reaches the limit says so, once, for the log.
            Assert.Equal(i == 2 ? "address" : null, throttle.Failed(Guesser));
            time.Advance(TimeSpan.FromSeconds(10));
        }

        // The window opened with the first failure, 30 s ago.
        Assert.Equal((TimeSpan.FromSeconds(30), true), throttle.Refusal(Guesser));
        Assert.Null(throttle.Refusal(Operator));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(throttle.Refusal(Guesser));
    }

    [Fact]
    public void Failures_from_many_addresses_reach_the_total_limit_and_refuse_every_address_as_not_its_own()
    {
        var throttle = Throttle(perAddress: 10, total: 5);

        var reached = Enumerable.Range(1, 5).Select(i => throttle.Failed(IPAddress.Parse($"203.0.113.{i}"))).ToList();

        Assert.Equal([null, null, null, null, "total"], reached);
        Assert.Equal((TimeSpan.FromMinutes(1), false), throttle.Refusal(Operator));
        Assert.Equal((TimeSpan.FromMinutes(1), false), throttle.Refusal(IPAddress.Parse("203.0.113.1")));
    }

    [Fact]
    public void An_ipv4_address_mapped_to_ipv6_counts_as_the_same_address()
    {
        var throttle = Throttle(perAddress: 2, total: 100);

        throttle.Failed(Guesser);
        throttle.Failed(Guesser.MapToIPv6());

        Assert.True(throttle.Refusal(Guesser) is { ThisAddress: true });
        Assert.True(throttle.Refusal(null) is null);
    }

    private DashboardLoginThrottle Throttle(int perAddress, int total) =>
        new(Microsoft.Extensions.Options.Options.Create(new DashboardOptions { MaxFailedLoginsPerAddress = perAddress, MaxFailedLogins = total }), time);
}
