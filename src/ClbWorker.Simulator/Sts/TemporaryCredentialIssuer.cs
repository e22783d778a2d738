using System.Collections.Concurrent;
using System.Security.Cryptography;
using ClbWorker.Simulator.Authentication;

namespace ClbWorker.Simulator.Sts;

/// <summary>
/// Issues temporary keys into the credential store and counts how they are used: the figures a test reads to prove
/// that no request arrived with an expired key. Settings can change at run time (<c>PUT /_sim/temporary-credentials</c>).
/// </summary>
internal sealed class TemporaryCredentialIssuer(CredentialStore store, SimulatorTemporaryCredentials initial, TimeProvider time)
{
    // Expired keys are kept this long so their requests answer TokenFailure (as Tencent does), not SecretIdNotFound.
    private static readonly TimeSpan KeepExpired = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long> issuedBy = new(StringComparer.Ordinal);
    private volatile TemporaryCredentialSettings settings = TemporaryCredentialSettings.From(initial);
    private long expiredRequests, rejectedTokenRequests;

    public TemporaryCredentialSettings Settings => settings;

    public void Replace(TemporaryCredentialSettings replacement) => settings = replacement;

    /// <param name="origin">Who handed it out, for the counts: <c>AssumeRole</c>, <c>AssumeRoleWithWebIdentity</c>, <c>metadata</c>.</param>
    /// <param name="asked">A lifetime the caller asked for; the configured one caps it.</param>
    public SimulatorCredential Issue(string origin, TimeSpan? asked = null)
    {
        var now = time.GetUtcNow();
        var lifetime = asked is { } wanted && wanted < settings.Lifetime ? wanted : settings.Lifetime;
        var credential = new SimulatorCredential
        {
            SecretId = "AKIDTMP" + Convert.ToHexString(RandomNumberGenerator.GetBytes(14)),
            SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(48)).ToLowerInvariant(),
            // Whole seconds, as ExpiredTime says: the key is refused from the very second the answer names.
            ExpiresAt = DateTimeOffset.FromUnixTimeSeconds((now + lifetime).ToUnixTimeSeconds()),
        };
        store.Prune(now - KeepExpired);
        store.TryPut(credential);
        issuedBy.AddOrUpdate(origin, 1, (_, n) => n + 1);
        return credential;
    }

    /// <summary>Gives every temporary key a new token, so requests with the old one answer TokenFailure; returns how many.</summary>
    public int Revoke() => store.ReplaceTemporaryTokens(() => Convert.ToHexString(RandomNumberGenerator.GetBytes(48)).ToLowerInvariant());

    public void CountExpired() => Interlocked.Increment(ref expiredRequests);

    public void CountRejectedToken() => Interlocked.Increment(ref rejectedTokenRequests);

    public TemporaryCredentialStats Stats => new(
        new Dictionary<string, long>(issuedBy, StringComparer.Ordinal),
        store.All.Count(c => c.ExpiresAt is { } at && at > time.GetUtcNow()),
        Interlocked.Read(ref expiredRequests),
        Interlocked.Read(ref rejectedTokenRequests));
}
