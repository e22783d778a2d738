using ClbWorker.Tencent.Client;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>
/// Calls STS (service <c>sts</c>, version <c>2018-08-13</c>) for temporary keys: <c>AssumeRole</c> TC3-signed with
/// a longer-lived key, <c>AssumeRoleWithWebIdentity</c> unsigned. Built like every Cloud API request (<see cref="CloudApiRequest"/>).
/// </summary>
public sealed class StsClient(CredentialHttp http, TimeProvider time)
{
    public const string Service = "sts";
    public const string Version = "2018-08-13";
    public const string DefaultEndpoint = "https://sts.tencentcloudapi.com";

    /// <summary>The region the official SDKs send STS calls to; STS is global, so any region serves.</summary>
    public const string DefaultRegion = "ap-guangzhou";

    /// <param name="signer">Signs the call; null sends it unsigned.</param>
    /// <param name="secrets">Values that must not reach an error message even if STS quotes them back (the web identity token, the signing key).</param>
    /// <exception cref="CredentialSourceException">STS did not answer, refused, or answered something unusable.</exception>
    public async Task<TemporaryCredentials> CallAsync(Uri endpoint, string action, string region, byte[] payload, TencentCredentials? signer,
        IReadOnlyCollection<string> secrets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var target = ClbEndpoints.For(endpoint);
        var what = $"STS {action} at {target.RequestUri.GetLeftPart(UriPartial.Authority)}";
        using var request = BuildRequest(target, action, region, payload, signer, time.GetUtcNow().ToUnixTimeSeconds());
        try
        {
            var (status, body) = await http.SendAsync(request, what, ct);
            return TemporaryCredentialAnswer.FromSts(status, body, what);
        }
        catch (CredentialSourceException e)
        {
            var message = secrets.Where(s => s.Length > 0).Aggregate(e.Message, (text, secret) => text.Replace(secret, "(redacted)", StringComparison.Ordinal));
            if (message == e.Message)
                throw;
            throw new CredentialSourceException(message);
        }
    }

    /// <summary>The request exactly as <see cref="CallAsync"/> sends it; public so its signature can be checked independently.</summary>
    public static HttpRequestMessage BuildRequest(ClbEndpoint endpoint, string action, string region, byte[] payload, TencentCredentials? signer, long timestamp) =>
        CloudApiRequest.Build(new CloudApiCall(Service, Version, action, region, payload), endpoint, signer, timestamp);
}
