using ClbWorker.Polling.SendBudget;

namespace ClbWorker.Dashboard.RateLimits;

/// <summary>
/// Requests in the last minute, cluster-wide. <c>clb.rate_limits</c> keeps only running totals (slots granted,
/// RequestLimitExceeded noted), which every worker advances; this reads them every <see cref="Interval"/> and keeps a
/// minute of readings, so a figure is the difference between the newest reading and the one a minute before. It costs
/// one read of a few rows per interval and nothing on the polling path.
/// </summary>
public sealed class RequestRateSampler(DashboardStore store, TimeProvider time, ILogger<RequestRateSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private readonly Queue<Reading> readings = new();

    /// <summary>Reads the counters once and forgets readings older than the window needs.</summary>
    public async Task SampleAsync(CancellationToken ct)
    {
        var counters = await store.GetGrantCountersAsync(ct);
        var now = time.GetUtcNow();
        lock (gate)
        {
            readings.Enqueue(new Reading(now, counters));
            while (readings.Count > 1 && readings.Peek().At < now - Window)
                readings.Dequeue();
        }
    }

    /// <summary>One key over the last minute; null until two readings exist.</summary>
    public RequestWindow? LastMinute(RateLimitKey key) => Measure(counters => counters.GetValueOrDefault(key));

    /// <summary>Every key together over the last minute; null until two readings exist.</summary>
    public RequestWindow? LastMinuteTotal() => Measure(counters =>
        new GrantCounters(counters.Values.Sum(c => c.Granted), counters.Values.Sum(c => c.LimitExceeded)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The dashboard shows no rate until readings resume; polling and health checks report the database.
                logger.LogDebug(e, "Reading the rate-limit counters for the dashboard failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private RequestWindow? Measure(Func<IReadOnlyDictionary<RateLimitKey, GrantCounters>, GrantCounters?> pick)
    {
        Reading first, last;
        lock (gate)
        {
            if (readings.Count < 2)
                return null;
            (first, last) = (readings.Peek(), readings.Last());
        }
        var (from, to) = (pick(first.Counters), pick(last.Counters));
        if (to is null)
            return null;
        // A key that appeared within the window started from zero; a counter that went down was recreated.
        return new RequestWindow(
            Math.Max(0, to.Granted - (from?.Granted ?? 0)), Math.Max(0, to.LimitExceeded - (from?.LimitExceeded ?? 0)), last.At - first.At);
    }

    private sealed record Reading(DateTimeOffset At, IReadOnlyDictionary<RateLimitKey, GrantCounters> Counters);
}
