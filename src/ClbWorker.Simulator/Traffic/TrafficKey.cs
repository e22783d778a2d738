namespace ClbWorker.Simulator.Traffic;

/// <summary>
/// What Tencent counts a rate limit against: the caller's key, the access point it reached (the Host header,
/// port included) and the API (X-TC-Action). Stats use the same key, so they show what the limiter saw.
/// </summary>
internal readonly record struct TrafficKey(string SecretId, string Host, string Action);
