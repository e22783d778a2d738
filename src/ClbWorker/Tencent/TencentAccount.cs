namespace ClbWorker.Tencent;

/// <summary>
/// One account the worker calls Tencent Cloud with, after inheritance from the top-level options is applied.
/// </summary>
/// <param name="Endpoint">Replaces the Tencent endpoint for every region when set (a simulator, a proxy).</param>
/// <param name="RequestsPerSecond">This account's request budget; Tencent counts the limit per sub-account.</param>
public sealed record TencentAccount(string Name, TencentCredentials Credentials, Uri? Endpoint, double RequestsPerSecond);
