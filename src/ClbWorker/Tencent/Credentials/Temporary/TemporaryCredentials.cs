namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>A temporary key pair and its token as a source handed them out, and when they expire.</summary>
/// <param name="ExpiresAt">From the source's answer (<c>ExpiredTime</c>, Unix seconds, or <c>Expiration</c>).</param>
public sealed record TemporaryCredentials(TencentCredentials Credentials, DateTimeOffset ExpiresAt);
