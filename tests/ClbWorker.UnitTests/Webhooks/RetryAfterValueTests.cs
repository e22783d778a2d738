using System.Net.Http.Headers;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.UnitTests.Webhooks;

public class RetryAfterValueTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static TimeSpan? Parse(string value)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", value);
        return RetryAfterValue.From(response.Headers.RetryAfter, Now);
    }

    [Theory]
    [InlineData("120", 120)]
    [InlineData("0", 0)]
    [InlineData("Fri, 27 Nov 2026 12:02:30 GMT", 150)]
    [InlineData("Fri, 27 Nov 2026 11:59:00 GMT", 0)]
    public void Delta_seconds_and_dates_become_a_wait_from_now(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Parse(value));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("")]
    public void Malformed_values_are_ignored(string value) => Assert.Null(Parse(value));

    [Fact]
    public void No_header_is_no_wait() => Assert.Null(RetryAfterValue.From(null, Now));
}
