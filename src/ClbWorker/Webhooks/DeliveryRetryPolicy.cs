using ClbWorker.Webhooks.Sending;

namespace ClbWorker.Webhooks;

/// <summary>
/// Turns one attempt's result into the delivery's next state. Pure: randomness comes in as an argument, so every rule
/// is tested directly; the wait is counted from the database's now when the outcome is written. The rules, after Svix:
/// <list type="bullet">
/// <item>2xx: delivered.</item>
/// <item>Refused by the SSRF guard: failed at once. The URL or what its host resolves to is not allowed;
/// retrying would only be refused again. Changing the configuration and resending is the remedy.</item>
/// <item>410 Gone: failed at once, and the endpoint is to be disabled (the receiver asked for it).</item>
/// <item>Any other failure on the last attempt (<see cref="MaxAttempts"/>): failed.</item>
/// <item>Otherwise a retry after <c>schedule[attempt - 1]</c> ± <see cref="WebhookOptions.RetryJitter"/>. After a
/// timeout or a "slow down" answer (429, 502, 503, 504) the wait is at least <see cref="SlowDownWait"/>
/// (itself spread upwards by the jitter, so that receivers coming back are not hit all at once). A
/// <c>Retry-After</c> is honoured within [scheduled wait, 2 × scheduled wait]: a receiver can slow
/// deliveries down, by a bounded amount, but never speed them up.</item>
/// </list>
/// </summary>
public sealed class DeliveryRetryPolicy(WebhookOptions options)
{
    /// <summary>An overloaded or unreachable receiver is given at least a minute, even when the schedule says 5 s.</summary>
    public static readonly TimeSpan SlowDownWait = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<TimeSpan> _schedule = options.EffectiveRetrySchedule;

    /// <summary>The first attempt plus one per schedule entry.</summary>
    public int MaxAttempts => _schedule.Count + 1;

    /// <param name="attempt">The attempt just made, 1 for the first.</param>
    /// <param name="random01">A uniform random number in [0, 1), for the jitter.</param>
    public DeliveryDecision Decide(int attempt, DeliveryAttemptResult result, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(result);
        if (double.IsNaN(random01) || random01 is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(random01), random01, "A random number in [0, 1) is expected.");

        if (result.IsSuccess)
            return DeliveryDecision.Delivered;
        if (result.RefusedBySsrfGuard)
            return DeliveryDecision.Failed(result.Summary);
        if (result.IsGone)
            return DeliveryDecision.Failed(
                $"{result.Summary}: the receiver asked not to be sent anything more; the endpoint is to be disabled",
                disableEndpoint: true);
        if (attempt >= MaxAttempts)
            return DeliveryDecision.Failed($"gave up after {attempt} attempts; the last: {result.Summary}");
        return DeliveryDecision.RetryAfter(WaitAfter(attempt, result, random01), result.Summary);
    }

    /// <summary>The wait before the next attempt after failed attempt <paramref name="attempt"/> (not the last).</summary>
    public TimeSpan WaitAfter(int attempt, DeliveryAttemptResult result, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(attempt, _schedule.Count);
        ArgumentNullException.ThrowIfNull(result);

        var wait = _schedule[attempt - 1] * (1 + options.RetryJitter * (2 * random01 - 1));
        if (IsSlowDown(result))
        {
            var floor = SlowDownWait * (1 + options.RetryJitter * random01);
            if (wait < floor)
                wait = floor;
        }
        if (result.RetryAfter is { } asked)
            wait = asked < wait ? wait : asked > 2 * wait ? 2 * wait : asked;
        return wait;
    }

    private static bool IsSlowDown(DeliveryAttemptResult result) =>
        result.TimedOut || result.StatusCode is 429 or 502 or 503 or 504;
}
