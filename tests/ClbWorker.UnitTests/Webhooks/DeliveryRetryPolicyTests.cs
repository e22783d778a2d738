using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.UnitTests.Webhooks;

public class DeliveryRetryPolicyTests
{
    private static readonly DeliveryRetryPolicy NoJitter = new(new WebhookOptions { RetryJitter = 0 });
    private static readonly DeliveryRetryPolicy Jittered = new(new WebhookOptions { RetryJitter = 0.2 });
    private static readonly DeliveryAttemptResult ServerError = new() { StatusCode = 500 };

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 5 * 60)]
    [InlineData(3, 30 * 60)]
    [InlineData(4, 2 * 3600)]
    [InlineData(5, 5 * 3600)]
    [InlineData(6, 10 * 3600)]
    [InlineData(7, 10 * 3600)]
    public void Failed_attempts_are_retried_on_the_default_schedule(int attempt, int waitSeconds)
    {
        var decision = NoJitter.Decide(attempt, ServerError, 0.5);

        Assert.Equal(DeliveryDecision.RetryAfter(TimeSpan.FromSeconds(waitSeconds), "HTTP 500"), decision);
    }

    [Fact]
    public void The_default_schedule_allows_eight_attempts() => Assert.Equal(8, NoJitter.MaxAttempts);

    [Fact]
    public void The_eighth_failed_attempt_is_the_last()
    {
        var decision = NoJitter.Decide(8, ServerError, 0.5);

        Assert.Equal(DeliveryDecision.Failed("gave up after 8 attempts; the last: HTTP 500"), decision);
    }

    [Fact]
    public void A_configured_schedule_sets_the_waits_and_the_number_of_attempts()
    {
        var options = new WebhookOptions { RetryJitter = 0 };
        options.RetrySchedule.Add(TimeSpan.FromSeconds(7));
        options.RetrySchedule.Add(TimeSpan.FromSeconds(11));
        var policy = new DeliveryRetryPolicy(options);

        Assert.Equal(3, policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(7), policy.Decide(1, ServerError, 0.5).RetryIn);
        Assert.Equal(TimeSpan.FromSeconds(11), policy.Decide(2, ServerError, 0.5).RetryIn);
        Assert.Equal(DeliveryNextStep.Failed, policy.Decide(3, ServerError, 0.5).Step);
    }

    [Theory]
    [InlineData(0.0, 4 * 60)]
    [InlineData(0.5, 5 * 60)]
    [InlineData(0.75, 5.5 * 60)]
    public void Jitter_spreads_the_wait_by_its_fraction_both_ways(double random01, double waitSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), Jittered.Decide(2, ServerError, random01).RetryIn);

    [Fact]
    public void Jittered_waits_stay_within_plus_or_minus_the_fraction()
    {
        for (var r = 0.0; r < 1; r += 0.001)
        {
            var wait = Jittered.WaitAfter(3, ServerError, r);
            Assert.InRange(wait, TimeSpan.FromMinutes(24), TimeSpan.FromMinutes(36));
        }
    }

    [Theory]
    [InlineData(200)]
    [InlineData(204)]
    [InlineData(299)]
    public void Any_2xx_is_delivered_even_on_the_last_attempt(int status)
    {
        Assert.Equal(DeliveryDecision.Delivered, NoJitter.Decide(1, new() { StatusCode = status }, 0.5));
        Assert.Equal(DeliveryDecision.Delivered, NoJitter.Decide(8, new() { StatusCode = status }, 0.5));
    }

    [Theory]
    [InlineData(301)]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    public void Other_statuses_are_retried(int status) =>
        Assert.Equal(DeliveryNextStep.Retry, NoJitter.Decide(1, new() { StatusCode = status }, 0.5).Step);

    [Fact]
    public void Gone_fails_the_delivery_at_once_and_disables_the_endpoint()
    {
        var decision = NoJitter.Decide(1, new() { StatusCode = 410 }, 0.5);

        Assert.Equal(DeliveryNextStep.Failed, decision.Step);
        Assert.True(decision.DisableEndpoint);
        Assert.Null(decision.RetryIn);
        Assert.StartsWith("HTTP 410: the receiver asked not to be sent anything more", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_gone_disables_the_endpoint() =>
        Assert.False(NoJitter.Decide(8, ServerError, 0.5).DisableEndpoint);

    [Fact]
    public void A_refusal_by_the_ssrf_guard_fails_at_once_with_its_reason()
    {
        var refused = new DeliveryAttemptResult
        {
            Error = "refused by the SSRF guard: 10.0.0.1 is a private address (10.0.0.0/8); set ...",
            RefusedBySsrfGuard = true,
        };

        var decision = NoJitter.Decide(1, refused, 0.5);

        Assert.Equal(DeliveryDecision.Failed(refused.Error), decision);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void A_slow_down_answer_waits_at_least_a_minute_instead_of_five_seconds(int status) =>
        Assert.Equal(TimeSpan.FromSeconds(60), NoJitter.Decide(1, new() { StatusCode = status }, 0.5).RetryIn);

    [Fact]
    public void A_timeout_waits_at_least_a_minute_too()
    {
        var timedOut = new DeliveryAttemptResult { Error = "no response within 15 s", TimedOut = true };

        Assert.Equal(TimeSpan.FromSeconds(60), NoJitter.Decide(1, timedOut, 0.5).RetryIn);
    }

    [Fact]
    public void The_slow_down_minimum_is_spread_upwards_only()
    {
        var tooMany = new DeliveryAttemptResult { StatusCode = 429 };

        Assert.Equal(TimeSpan.FromSeconds(60), Jittered.WaitAfter(1, tooMany, 0.0));
        Assert.Equal(TimeSpan.FromSeconds(66), Jittered.WaitAfter(1, tooMany, 0.5));
        Assert.InRange(Jittered.WaitAfter(1, tooMany, 0.999), TimeSpan.FromSeconds(71.9), TimeSpan.FromSeconds(72));
    }

    [Fact]
    public void The_slow_down_minimum_does_not_shorten_longer_waits() =>
        Assert.Equal(TimeSpan.FromMinutes(5), NoJitter.WaitAfter(2, new() { StatusCode = 429 }, 0.5));

    [Theory]
    [InlineData(10, 300)]
    [InlineData(300, 300)]
    [InlineData(420, 420)]
    [InlineData(600, 600)]
    [InlineData(601, 600)]
    [InlineData(86400, 600)]
    [InlineData(0, 300)]
    public void Retry_after_is_honoured_between_the_scheduled_wait_and_twice_it(int retryAfterSeconds, int expectedSeconds)
    {
        var result = new DeliveryAttemptResult { StatusCode = 503, RetryAfter = TimeSpan.FromSeconds(retryAfterSeconds) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), NoJitter.WaitAfter(2, result, 0.5));
    }

    [Fact]
    public void Retry_after_on_the_first_retry_is_clamped_around_the_slow_down_minimum()
    {
        var result = new DeliveryAttemptResult { StatusCode = 429, RetryAfter = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.FromSeconds(120), NoJitter.WaitAfter(1, result, 0.5));
    }

    [Fact]
    public void Retry_after_cannot_outlast_the_last_attempt()
    {
        var result = new DeliveryAttemptResult { StatusCode = 503, RetryAfter = TimeSpan.FromSeconds(30) };

        Assert.Equal(DeliveryNextStep.Failed, NoJitter.Decide(8, result, 0.5).Step);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Attempts_count_from_one(int attempt) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NoJitter.Decide(attempt, ServerError, 0.5));

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void The_random_number_must_be_in_zero_to_one(double random01) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NoJitter.Decide(1, ServerError, random01));
}
