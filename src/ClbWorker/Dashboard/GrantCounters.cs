namespace ClbWorker.Dashboard;

/// <summary>Running totals of one rate-limit key: send slots granted and RequestLimitExceeded answers noted.</summary>
public sealed record GrantCounters(long Granted, long LimitExceeded);
