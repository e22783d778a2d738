using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.UnitTests.Webhooks;

public class DeliveryOutcomeTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static DeliveryOutcome Outcome(string state, TimeSpan? next = null, string? disable = null, double durationMs = 10) =>
        new(7, Now, 500, TimeSpan.FromMilliseconds(durationMs), "error", null, state, next, disable);

    [Fact]
    public void Delivered_retried_and_failed_outcomes_that_agree_with_themselves_pass()
    {
        Outcome(DeliveryStates.Delivered).Validate();
        Outcome(DeliveryStates.Pending, TimeSpan.FromSeconds(5)).Validate();
        Outcome(DeliveryStates.Failed).Validate();
        Outcome(DeliveryStates.Failed, disable: "410 Gone").Validate();
        Outcome(DeliveryStates.Pending, TimeSpan.FromSeconds(5), "failing for 5 days").Validate();
    }

    [Fact]
    public void An_unknown_state_is_refused_naming_the_allowed_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => Outcome("lost").Validate());

        Assert.Equal(nameof(DeliveryOutcome.State), error.ParamName);
        Assert.Contains("pending, delivered, failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_retry_without_a_wait_is_refused() =>
        Assert.Equal(nameof(DeliveryOutcome.RetryIn), Assert.Throws<ArgumentException>(() => Outcome(DeliveryStates.Pending).Validate()).ParamName);

    [Fact]
    public void A_delivered_attempt_cannot_disable_its_endpoint() =>
        Assert.Equal(nameof(DeliveryOutcome.DisableEndpointReason),
            Assert.Throws<ArgumentException>(() => Outcome(DeliveryStates.Delivered, disable: "410 Gone").Validate()).ParamName);

    [Fact]
    public void A_blank_disable_reason_is_refused() =>
        Assert.Throws<ArgumentException>(() => Outcome(DeliveryStates.Failed, disable: " ").Validate());

    [Fact]
    public void A_negative_duration_is_refused() =>
        Assert.Equal(nameof(DeliveryOutcome.Duration), Assert.Throws<ArgumentException>(() => Outcome(DeliveryStates.Failed, durationMs: -1).Validate()).ParamName);

    [Theory]
    [InlineData(0.4, 0)]
    [InlineData(12.5, 12)]
    [InlineData(12.6, 13)]
    [InlineData(15_000, 15_000)]
    public void Durations_are_stored_as_rounded_milliseconds(double milliseconds, int stored) =>
        Assert.Equal(stored, Outcome(DeliveryStates.Failed, durationMs: milliseconds).DurationMs);

    [Fact]
    public void A_duration_beyond_what_the_column_holds_is_clamped() =>
        Assert.Equal(int.MaxValue, (Outcome(DeliveryStates.Failed) with { Duration = TimeSpan.FromDays(30) }).DurationMs);
}
