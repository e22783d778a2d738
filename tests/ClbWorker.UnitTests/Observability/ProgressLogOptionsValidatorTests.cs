using ClbWorker.Observability;

namespace ClbWorker.UnitTests.Observability;

public class ProgressLogOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new ProgressLogOptionsValidator().Validate(null, new ProgressLogOptions()).Succeeded);

    [Theory]
    [InlineData("00:00:00.5000000")]
    [InlineData("01:00:01")]
    public void An_interval_out_of_range_fails_naming_the_key_and_range(string interval)
    {
        var result = new ProgressLogOptionsValidator().Validate(null,
            new ProgressLogOptions { Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal($"ProgressLog:Interval is {interval}; allowed 00:00:01 to 01:00:00.", Assert.Single(result.Failures!));
    }
}
