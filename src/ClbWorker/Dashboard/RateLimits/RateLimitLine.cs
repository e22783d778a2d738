namespace ClbWorker.Dashboard.RateLimits;

/// <summary>One line of the "Rate limits" page: a configured account, its budget row if a worker has used it, and the last minute.</summary>
/// <param name="ConfiguredPerSecond">This process's configured limit for the account; null for an account not configured here.</param>
/// <param name="Row">Null until a worker reserved a slot for the account.</param>
public sealed record RateLimitLine(string Account, double? ConfiguredPerSecond, RateLimitRow? Row, RequestWindow? LastMinute);
