using ClbWorker.Simulator;
using ClbWorker.Simulator.Hosting;

namespace ClbWorker.UnitTests.Simulator;

public sealed class SimulatorOptionsValidatorTests
{
    private static IEnumerable<string> Failures(SimulatorOptions options) =>
        new SimulatorOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Defaults_are_valid() => Assert.Empty(Failures(new SimulatorOptions()));

    public static TheoryData<SimulatorOptions, string> InvalidOptions() => new()
    {
        { new SimulatorOptions { RateLimitPerSecond = 0 }, "Simulator:RateLimitPerSecond must be between 1 and 100000; got 0." },
        { new SimulatorOptions { TimestampTolerance = TimeSpan.Zero }, "Simulator:TimestampTolerance must be a duration between 00:00:01 and 1.00:00:00; got 00:00:00." },
        { new SimulatorOptions { ActionTaskMinDelay = TimeSpan.FromSeconds(-1) }, "Simulator:ActionTaskMinDelay must be a duration between 00:00:00 and 1.00:00:00; got -00:00:01." },
        { new SimulatorOptions { ActionTaskMinDelay = TimeSpan.FromSeconds(10) }, "Simulator:ActionTaskMaxDelay must be a duration between 00:00:10 and 1.00:00:00; got 00:00:05." },
        { new SimulatorOptions { ActionTaskFailureRate = double.NaN }, "Simulator:ActionTaskFailureRate must be a probability between 0 and 1; got NaN." },
        { new SimulatorOptions { Faults = new SimulatorFaults { ConnectionDropRate = 2 } }, "Simulator:Faults:ConnectionDropRate must be a probability between 0 and 1; got 2." },
        { new SimulatorOptions { Faults = new SimulatorFaults { HangDuration = TimeSpan.Zero } }, "Simulator:Faults:HangDuration must be a duration between 00:00:00.0010000 and 1.00:00:00; got 00:00:00." },
        { new SimulatorOptions { Faults = new SimulatorFaults { AddedLatency = TimeSpan.FromHours(1) } }, "Simulator:Faults:AddedLatency must be a duration between 00:00:00 and 00:10:00; got 01:00:00." },
        { new SimulatorOptions { Regions = { " " } }, "Simulator:Regions:0 must not be empty." },
        { new SimulatorOptions { Credentials = { new SimulatorCredential { SecretId = "AKID1" } } }, "Simulator:Credentials:0:SecretKey must not be empty." },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Invalid_value_is_reported_with_key_value_and_range(SimulatorOptions options, string expected) =>
        Assert.Equal([expected], Failures(options));

    [Fact]
    public void Repeated_SecretId_is_reported_without_revealing_keys()
    {
        var options = new SimulatorOptions
        {
            Credentials =
            {
                new SimulatorCredential { SecretId = "AKID1", SecretKey = "first-secret" },
                new SimulatorCredential { SecretId = "AKID1", SecretKey = "second-secret" },
            },
        };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith("Simulator:Credentials:1:SecretId repeats SecretId AKID1", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("first-secret", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("second-secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new SimulatorOptions { RateLimitPerSecond = -1, ActionTaskFailureRate = 1.1, Faults = new SimulatorFaults { HangRate = 9 } };

        Assert.Equal(3, Failures(options).Count());
    }
}
