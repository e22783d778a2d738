using ClbWorker.Polling.Pauses;

namespace ClbWorker.Dashboard.RateLimits;

/// <summary>What the "Rate limits" page shows.</summary>
/// <param name="Total">All keys together over the last minute; null until the sampler has two readings.</param>
public sealed record RateLimitsView(IReadOnlyList<RateLimitLine> Lines, IReadOnlyList<AccountPause> Pauses, RequestWindow? Total);
