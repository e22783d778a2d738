using ClbWorker.Polling;
using ClbWorker.Tencent;
using Microsoft.Extensions.Options;

namespace ClbWorker.UnitTests.Polling;

public class PollingOptionsValidatorTests
{
    private static ValidateOptionsResult Validate(PollingOptions options, TimeSpan? timeout = null) =>
        new PollingOptionsValidator(Options.Create(new TencentOptions { Timeout = timeout ?? TimeSpan.FromSeconds(10) }))
            .Validate(null, options);

    [Fact]
    public void The_defaults_are_valid() => Assert.True(Validate(new PollingOptions()).Succeeded);

    [Theory]
    [InlineData(nameof(PollingOptions.BatchSize), "0")]
    [InlineData(nameof(PollingOptions.BackoffFactor), "0.5")]
    [InlineData(nameof(PollingOptions.Jitter), "1.5")]
    [InlineData(nameof(PollingOptions.MinRateFactor), "0")]
    [InlineData(nameof(PollingOptions.MaxConcurrentRequests), "0")]
    [InlineData(nameof(PollingOptions.MaxDelay), "02:00:00")]
    [InlineData(nameof(PollingOptions.MinInterval), "00:01:00")]
    [InlineData(nameof(PollingOptions.DefaultDeadline), "00:00:00")]
    [InlineData(nameof(PollingOptions.RateWindowSlack), "00:00:01")]
    [InlineData(nameof(PollingOptions.JobDuration), "01:00:00")]
    [InlineData(nameof(PollingOptions.Schedule), " ")]
    public void An_out_of_range_value_fails_naming_its_key_and_the_allowed_range(string property, string value)
    {
        var options = new PollingOptions();
        var prop = typeof(PollingOptions).GetProperty(property)!;
        prop.SetValue(options, prop.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : Convert.ChangeType(value, prop.PropertyType, System.Globalization.CultureInfo.InvariantCulture));

        var result = Validate(options);

        Assert.True(result.Failed);
        var message = Assert.Single(result.Failures!);
        Assert.StartsWith($"Polling:{property} is", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lease_shorter_than_a_slow_answer_needs_is_refused_naming_both_settings()
    {
        var result = Validate(new PollingOptions { LeaseDuration = TimeSpan.FromSeconds(20) }, timeout: TimeSpan.FromSeconds(10));

        var message = Assert.Single(result.Failures!);
        Assert.Contains("Polling:LeaseDuration", message, StringComparison.Ordinal);
        Assert.Contains("Tencent:Timeout", message, StringComparison.Ordinal);
        Assert.Contains("00:00:26", message, StringComparison.Ordinal);
    }
}
