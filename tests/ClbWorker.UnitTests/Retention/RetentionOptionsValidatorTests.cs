using ClbWorker.Retention;

namespace ClbWorker.UnitTests.Retention;

public sealed class RetentionOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(new RetentionOptionsValidator().Validate(null, new RetentionOptions()).Succeeded);
    }

    [Theory]
    [InlineData("00:30:00")]
    [InlineData("3651.00:00:00")]
    [InlineData("-1.00:00:00")]
    public void A_task_age_outside_one_hour_to_ten_years_is_refused_naming_the_key_and_the_range(string age)
    {
        var result = new RetentionOptionsValidator().Validate(null, new RetentionOptions { TaskAge = TimeSpan.Parse(age, System.Globalization.CultureInfo.InvariantCulture) });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Retention:TaskAge is {age};", failure, StringComparison.Ordinal);
        Assert.Contains("allowed 01:00:00 (1 hour) to 3650.00:00:00 (10 years)", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void A_batch_size_outside_1_to_10000_is_refused(int batchSize)
    {
        var result = new RetentionOptionsValidator().Validate(null, new RetentionOptions { BatchSize = batchSize });

        Assert.Equal($"Retention:BatchSize is {batchSize}; allowed 1 to 10000 tasks per transaction.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hourly")]
    [InlineData("0 * * *")]
    public void A_schedule_that_is_not_a_cron_expression_is_refused(string schedule)
    {
        var result = new RetentionOptionsValidator().Validate(null, new RetentionOptions { Schedule = schedule });

        Assert.StartsWith($"Retention:Schedule is \"{schedule}\"; give a cron expression", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cron_with_seconds_is_accepted()
    {
        Assert.True(new RetentionOptionsValidator().Validate(null, new RetentionOptions { Schedule = "0 17 * * * *" }).Succeeded);
    }
}
