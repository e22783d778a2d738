using ClbWorker.LeasedWork;
using ClbWorker.Tencent;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

internal sealed class PollingOptionsValidator(IOptions<TencentOptions> tencent) : IValidateOptions<PollingOptions>
{
    // Writing a result back takes a moment after the answer; the lease must outlast that too.
    private static readonly TimeSpan WriteMargin = TimeSpan.FromSeconds(2);

    public ValidateOptionsResult Validate(string? name, PollingOptions o)
    {
        var errors = new List<string>();
        void Range(string key, double value, double min, double max, string unit = "")
        {
            if (double.IsNaN(value) || value < min || value > max)
                errors.Add($"Polling:{key} is {value}{unit}; allowed {min}{unit} to {max}{unit}.");
        }
        void Duration(string key, TimeSpan value, TimeSpan min, TimeSpan max) =>
            LeasedWorkOptionChecks.Duration(errors, PollingOptions.Section, key, value, min, max);

        Range(nameof(o.BatchSize), o.BatchSize, 1, 1000);
        Range(nameof(o.BackoffFactor), o.BackoffFactor, 1, 10);
        Range(nameof(o.Jitter), o.Jitter, 0, 1);
        Range(nameof(o.RateRecoveryPerSecond), o.RateRecoveryPerSecond, 0, 1);
        Range(nameof(o.MinRateFactor), o.MinRateFactor, 0.01, 1);
        Range(nameof(o.MaxConcurrentRequests), o.MaxConcurrentRequests, 1, 10_000);
        Duration(nameof(o.FirstDelay), o.FirstDelay, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Duration(nameof(o.MaxDelay), o.MaxDelay, o.FirstDelay, TimeSpan.FromHours(1));
        Duration(nameof(o.MinInterval), o.MinInterval, TimeSpan.FromMilliseconds(100), o.MaxDelay);
        Duration(nameof(o.DefaultDeadline), o.DefaultDeadline, TimeSpan.FromSeconds(1), TimeSpan.FromDays(30));
        Duration(nameof(o.ReservationHorizon), o.ReservationHorizon, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        Duration(nameof(o.RateWindowSlack), o.RateWindowSlack, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        Duration(nameof(o.MaxSendLateness), o.MaxSendLateness, TimeSpan.FromMilliseconds(1), o.RateWindowSlack);
        Duration(nameof(o.RateLimitCooldown), o.RateLimitCooldown, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Duration(nameof(o.AccountPauseRetry), o.AccountPauseRetry, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Duration(nameof(o.HangfireJobRetention), o.HangfireJobRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        // A claimed task may wait up to half the lease for its slot (then it is handed back), then one
        // horizon for the slot itself, then a whole request timeout: all of it must end inside the lease.
        var needed = 2 * (tencent.Value.Timeout + o.ReservationHorizon + WriteMargin);
        if (o.LeaseDuration < needed)
        {
            errors.Add($"Polling:LeaseDuration is {o.LeaseDuration}; with Tencent:Timeout {tencent.Value.Timeout} and " +
                $"Polling:ReservationHorizon {o.ReservationHorizon} it must be at least {needed}, or a slow answer could outlive its lease.");
        }
        LeasedWorkOptionChecks.Check(PollingOptions.Section, o, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
