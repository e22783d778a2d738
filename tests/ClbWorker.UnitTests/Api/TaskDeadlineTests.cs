using ClbWorker.Tasks.Api;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskDeadlineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("PT30M", 30 * 60)]
    [InlineData("PT1H30M", 90 * 60)]
    [InlineData("P1D", 86400)]
    [InlineData("P1W", 7 * 86400)]
    [InlineData("P1DT2H", 26 * 3600)]
    [InlineData("PT90S", 90)]
    [InlineData("PT0.5S", 0.5)]
    public void A_duration_counts_from_now(string text, double seconds)
    {
        Assert.True(TaskDeadline.TryParse(text, Now, out var deadline, out var error), error);
        Assert.Equal(Now.AddSeconds(seconds), deadline);
    }

    [Theory]
    [InlineData("2026-11-28T12:00:00Z", "2026-11-28T12:00:00Z")]
    [InlineData("2026-11-28T20:00:00+08:00", "2026-11-28T12:00:00Z")]
    [InlineData("2026-11-28T10:00:00.5Z", "2026-11-28T10:00:00.5Z")]
    public void A_timestamp_with_an_offset_in_the_future_is_taken_as_is(string text, string expected)
    {
        Assert.True(TaskDeadline.TryParse(text, Now, out var deadline, out var error), error);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), deadline);
    }

    [Fact]
    public void Now_itself_is_not_in_the_future()
    {
        Assert.False(TaskDeadline.TryParse("2026-11-28T18:00:00+08:00", Now, out _, out var error));
        Assert.Contains("in the past", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tomorrow", "neither an ISO 8601 timestamp")]
    [InlineData("2030-01-01T00:00:00", "neither an ISO 8601 timestamp")]
    [InlineData("2030-01-01", "neither an ISO 8601 timestamp")]
    [InlineData("2020-01-01T00:00:00Z", "in the past")]
    [InlineData("2026-12-28T10:00:00Z", "more than 7 days away")]
    [InlineData("P1M", "years and months have no fixed length")]
    [InlineData("P1Y", "years and months have no fixed length")]
    [InlineData("PT", "not an ISO 8601 duration")]
    [InlineData("P", "not an ISO 8601 duration")]
    [InlineData("PT0S", "not in the future")]
    [InlineData("P8D", "more than 7 days away")]
    [InlineData("P999999999D", "not an ISO 8601 duration")]
    [InlineData("-PT5M", "neither an ISO 8601 timestamp")]
    public void Refusals_say_what_is_wrong_and_what_is_allowed(string text, string reason)
    {
        Assert.False(TaskDeadline.TryParse(text, Now, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("allowed:", error, StringComparison.Ordinal);
    }
}
