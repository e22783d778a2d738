namespace ClbWorker.Dashboard.RateLimits;

/// <summary>Running totals of one rate-limit key: send slots granted, and slow-downs for RequestLimitExceeded (once per batch of answers holding any).</summary>
public sealed record GrantCounters(long Granted, long LimitExceeded);
