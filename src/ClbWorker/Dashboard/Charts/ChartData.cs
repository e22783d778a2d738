namespace ClbWorker.Dashboard.Charts;

/// <summary>Tasks that reached <paramref name="State"/> in the minute starting at <paramref name="Minute"/>.</summary>
public sealed record FinishedBucket(DateTimeOffset Minute, string State, long Finished);

/// <summary>Detection lag in seconds over the <paramref name="Count"/> tasks a poll saw end in that minute.</summary>
public sealed record LagBucket(DateTimeOffset Minute, double P50, double P99, long Count);

/// <summary>The CLB tasks page's charts: finished per minute by state and detection lag, over <c>[Since, Until)</c>.</summary>
public sealed record FinishedChart(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<FinishedBucket> Finished, IReadOnlyList<LagBucket> Lag);

/// <summary>Send slots granted to all workers for one key in the 10 seconds from <paramref name="Start"/>.</summary>
public sealed record RateBucket(string Account, string Host, DateTimeOffset Start, long Granted, long LimitExceeded, double RequestsPerSecond);

/// <summary>The Rate limits page's chart over <c>[Since, Until)</c> in 10-second buckets.</summary>
public sealed record RateChart(DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<RateBucket> Buckets);
