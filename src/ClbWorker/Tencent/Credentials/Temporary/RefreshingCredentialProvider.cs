using Microsoft.Extensions.Logging;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>
/// Temporary keys of one account, shared by all its requests in this process: fetched once, renewed in the background
/// at 90 % of their lifetime, never handed out when too little of it is left for a request to arrive in time. A renewal
/// that fails leaves the keys in use while they last and is tried again; once none are usable, callers get the source's
/// own error (at most one fetch per <see cref="FailureHold"/>, however many polls ask).
/// </summary>
public sealed class RefreshingCredentialProvider(
    string account, ITemporaryCredentialFetcher fetcher, TimeProvider time, ILogger logger) : ICredentialProvider, IDisposable
{
    /// <summary>Share of the lifetime after which a renewal starts in the background.</summary>
    public const double RefreshFraction = 0.9;

    /// <summary>After a failed fetch, callers get that failure instead of a new fetch for this long: a paused account's probe, not every poll, asks again.</summary>
    public static readonly TimeSpan FailureHold = TimeSpan.FromSeconds(1);

    /// <summary>The most of a lifetime kept back at its end: keys are not handed out that late, so a request never arrives with an expired key.</summary>
    public static readonly TimeSpan MaxSafetyMargin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MinRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private volatile Held? held;
    private volatile Failure? lastFailure;
    private Task<Held>? inFlight;
    private ITimer? timer;

    public string Description => fetcher.Description;

    /// <summary>When the keys in use are renewed, for tests and diagnostics; null before the first fetch.</summary>
    public DateTimeOffset? RefreshAt => held?.RefreshAt;

    public async ValueTask<TencentCredentials> GetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (held is { } current && now < current.UsableUntil)
        {
            // A late timer must not hold a renewal back; after a failed one, the timer's retries set the pace, not every poll.
            if (now >= current.RefreshAt && lastFailure is null)
                Observe(StartRefresh());
            return current.Credentials;
        }
        if (lastFailure is { } failure && now - failure.At < FailureHold && !IsFetching)
            throw new CredentialSourceException(failure.Message);
        return (await StartRefresh().WaitAsync(ct)).Credentials;
    }

    public async ValueTask<bool> RenewAsync(string? rejectedSecretId, CancellationToken ct)
    {
        lock (gate)
        {
            if (held is { } current && current.Credentials.SecretId != rejectedSecretId && time.GetUtcNow() < current.UsableUntil)
                return true; // another poll renewed them already
            held = null;
        }
        try
        {
            await StartRefresh().WaitAsync(ct);
        }
        catch (CredentialSourceException)
        {
            // The retry gets the source's error, which says more than the refusal did.
        }
        return true;
    }

    /// <summary>True while the source is being asked (a fetch or renewal in flight).</summary>
    internal bool IsFetching
    {
        get
        {
            lock (gate)
                return inFlight is { IsCompleted: false };
        }
    }

    private Task<Held> StartRefresh()
    {
        lock (gate)
        {
            // A completed task is never handed out again: it holds an old answer.
            if (inFlight is { IsCompleted: false } running)
                return running;
            return inFlight = Task.Run(RefreshAsync);
        }
    }

    private async Task<Held> RefreshAsync()
    {
        try
        {
            var fetched = await fetcher.FetchAsync(stopping.Token);
            var now = time.GetUtcNow();
            var lifetime = fetched.ExpiresAt - now;
            var margin = SafetyMargin(lifetime);
            if (lifetime <= margin)
                throw new CredentialSourceException($"{Description} answered credentials that expire at {fetched.ExpiresAt:O}, "
                    + $"{(lifetime <= TimeSpan.Zero ? "already past" : "too soon to use")} (now {now:O}); expected a lifetime of minutes or more.");
            if (Unusable(fetched.Credentials) is { } problem)
                throw new CredentialSourceException($"{Description} answered {problem}.");
            var fresh = new Held(fetched.Credentials, now + lifetime * RefreshFraction, fetched.ExpiresAt - margin);
            held = fresh;
            lastFailure = null;
            Schedule(fresh.RefreshAt - now);
            logger.LogInformation("Tencent account {Account}: temporary credentials from {Source}, valid until {ExpiresAt:O}; renewal at {RefreshAt:O}",
                account, Description, fetched.ExpiresAt, fresh.RefreshAt);
            return fresh;
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            var error = e as CredentialSourceException
                ?? new CredentialSourceException($"{Description} failed unexpectedly ({e.GetType().Name}).", e);
            var now = time.GetUtcNow();
            lastFailure = new Failure(now, error.Message);
            if (held is { } current && now < current.UsableUntil)
            {
                var retry = Clamp((current.UsableUntil - now) / 4, MinRetry, MaxRetry);
                Schedule(retry);
                logger.LogWarning("Tencent account {Account}: renewing the credentials failed: {Error} The current ones stay in use until {UsableUntil:O}; next try in {Retry}",
                    account, error.Message, current.UsableUntil, retry);
            }
            else
            {
                logger.LogWarning("Tencent account {Account}: getting credentials failed: {Error}", account, error.Message);
            }
            throw error;
        }
    }

    /// <summary>What is wrong with a key pair that could not be sent as is; null when it can.</summary>
    internal static string? Unusable(TencentCredentials credentials)
    {
        if (!credentials.IsComplete)
            return "an incomplete key pair (no TmpSecretId or TmpSecretKey)";
        if (string.IsNullOrEmpty(credentials.Token))
            return "temporary keys without a Token";
        return new[] { credentials.SecretId, credentials.SecretKey, credentials.Token }.Any(v => v.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            ? "keys or a token containing whitespace or control characters"
            : null;
    }

    /// <summary>5 % of the lifetime, at most <see cref="MaxSafetyMargin"/>: 3 s of a 60 s key, 30 s of a 2-hour one.</summary>
    internal static TimeSpan SafetyMargin(TimeSpan lifetime) => Clamp(lifetime * 0.05, TimeSpan.Zero, MaxSafetyMargin);

    private void Schedule(TimeSpan due)
    {
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
                return;
            timer?.Dispose();
            // Lifetimes are at most 12 hours (STS's limit); a day bounds a wrong one within what a timer accepts.
            timer = time.CreateTimer(_ => Observe(StartRefresh()), null, Clamp(due, TimeSpan.Zero, TimeSpan.FromDays(1)), Timeout.InfiniteTimeSpan);
        }
    }

    // Background renewals report through the log; nobody awaits them.
    private static void Observe(Task task) => task.ContinueWith(t => _ = t.Exception, CancellationToken.None,
        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    public void Dispose()
    {
        lock (gate)
        {
            if (stopping.IsCancellationRequested)
                return;
            stopping.Cancel();
            timer?.Dispose();
        }
        if (fetcher is IDisposable disposable)
            disposable.Dispose();
    }

    private sealed record Held(TencentCredentials Credentials, DateTimeOffset RefreshAt, DateTimeOffset UsableUntil);

    private sealed record Failure(DateTimeOffset At, string Message);
}
