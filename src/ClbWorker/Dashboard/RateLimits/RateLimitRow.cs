namespace ClbWorker.Dashboard.RateLimits;

/// <summary>One row of <c>clb.rate_limits</c>: the shared request budget of an (account, endpoint host).</summary>
/// <param name="RequestsPerSecond">The limit the last worker to reserve slots was configured with.</param>
/// <param name="RateFactor">The share of that limit in use now, 0 to 1: halved on RequestLimitExceeded, recovering over time.</param>
/// <param name="BookedUntil">When the last slot already handed out falls; null when none is booked ahead.</param>
/// <param name="GrantedTotal">Send slots granted since the row was created (one per request, unless a send missed its slot).</param>
public sealed record RateLimitRow(
    string Account,
    string Host,
    double RequestsPerSecond,
    double RateFactor,
    DateTimeOffset? BookedUntil,
    long GrantedTotal,
    long LimitExceededTotal,
    DateTimeOffset? LastLimitExceededAt);
