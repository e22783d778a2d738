using ClbWorker.Benchmarks;

namespace ClbWorker.UnitTests.Benchmarks;

public sealed class HarnessOptionsTests
{
    [Fact]
    public void All_expands_to_every_scenario_in_report_order()
    {
        var options = HarnessOptions.Parse(["chaos,rate", "--quick"], out var error);

        Assert.Null(error);
        Assert.Equal(["rate", "chaos"], options!.Scenarios);
        Assert.True(options.Quick);
        Assert.Equal(HarnessOptions.Known, HarnessOptions.Parse(["all"], out _)!.Scenarios);
    }

    [Theory]
    [InlineData(new[] { "rates" }, "Unknown scenario `rates`; allowed: rate, lag, throughput, accounts, enqueue, claim, waiters, chaos, images or all.")]
    [InlineData(new[] { "rate", "--runs", "0" }, "--runs is `0`; allowed a whole number from 1 to 20.")]
    [InlineData(new[] { "rate", "--runs", "many" }, "--runs is `many`; allowed a whole number from 1 to 20.")]
    [InlineData(new[] { "rate", "--port-base", "80" }, "--port-base is `80`; allowed a whole number from 1024 to 65435.")]
    [InlineData(new[] { "rate", "--compare" }, "--compare needs a value.")]
    [InlineData(new[] { "rate", "--fast" }, "Unknown option `--fast`.")]
    [InlineData(new string[0], "Name at least one scenario (or all).")]
    public void Bad_input_is_refused_saying_what_is_allowed(string[] args, string expected)
    {
        Assert.Null(HarnessOptions.Parse(args, out var error));
        Assert.Equal(expected, error);
    }
}
