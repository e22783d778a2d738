using ClbWorker.Events;

namespace ClbWorker.UnitTests.Events;

public sealed class EventsOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions()).Succeeded);
    }

    [Fact]
    public void Each_out_of_range_value_is_named_with_what_is_allowed()
    {
        var result = new EventsOptionsValidator().Validate(null, new EventsOptions
        {
            Retention = TimeSpan.FromMinutes(30),
            PollRetention = TimeSpan.FromDays(2),
            KeepAliveInterval = TimeSpan.Zero,
        });

        Assert.Contains("Events:Retention is 00:30:00; allowed 01:00:00", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Events:PollRetention", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Events:KeepAliveInterval", result.FailureMessage, StringComparison.Ordinal);
    }
}
