namespace ClbWorker.Polling.SendBudget;

/// <summary>What Tencent Cloud counts a rate limit by, as far as a client can tell: the account and the endpoint host.</summary>
public sealed record RateLimitKey(string Account, string Host);
