using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Sts;
using ClbWorker.TencentCloud;

namespace ClbWorker.Simulator.Authentication;

/// <summary>
/// Checks a request's TC3-HMAC-SHA256 signature the way the Cloud API does, recomputing it with
/// <see cref="Tc3Signer"/> over the headers the client declared and the raw body bytes; a temporary credential also
/// needs its token and must not have expired.
/// </summary>
internal sealed class Tc3RequestVerifier(CredentialStore credentials, TimeSpan timestampTolerance, TimeProvider time, TemporaryCredentialIssuer temporary)
{
    /// <summary>The credential scope service of CLB: the first label of the real endpoint, clb.tencentcloudapi.com.</summary>
    public const string Service = "clb";

    // The header sets Tc3Signer can recompute; together they cover what the official SDKs and the current docs sign.
    private const string BasicHeaders = "content-type;host";
    private const string ActionHeaders = "content-type;host;x-tc-action";

    /// <summary>Null when the request is authentic; otherwise the AuthFailure (or header) error to answer.</summary>
    /// <param name="service">The credential scope service the endpoint expects: <c>clb</c>, or <c>sts</c> for STS.</param>
    public CloudApiError? Verify(CloudApiHeaders headers, ReadOnlyMemory<byte> body, string service = Service)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Authorization is not { } authorization)
            return new CloudApiError(ErrorCodes.InvalidAuthorization,
                "The Authorization header is missing or is not of the form `TC3-HMAC-SHA256 Credential=<SecretId>/<date>/<service>/tc3_request, SignedHeaders=<headers>, Signature=<hex>`.");
        if (credentials.Find(authorization.SecretId) is not { } credential)
            return new CloudApiError(ErrorCodes.SecretIdNotFound, $"The SecretId `{authorization.SecretId}` does not exist.");

        if (headers.Timestamp is null)
            return CloudApiError.MissingParameter("X-TC-Timestamp");
        if (!long.TryParse(headers.Timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            return new CloudApiError(ErrorCodes.InvalidParameterValue,
                $"X-TC-Timestamp must be the Unix time in whole seconds; got `{headers.Timestamp}`.");

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - timestamp) > (long)timestampTolerance.TotalSeconds)
            return new CloudApiError(ErrorCodes.SignatureExpire,
                $"X-TC-Timestamp {timestamp} is {now - timestamp} s from the server time {now}; at most {(long)timestampTolerance.TotalSeconds} s is allowed. Check the client's clock.");

        if (CheckScope(authorization, timestamp, service) is { } scopeError)
            return scopeError;
        if (!SignatureMatches(authorization, credential, headers, body, timestamp, service))
            return new CloudApiError(ErrorCodes.SignatureFailure,
                "The signature does not match the one computed from the request. Sign the Content-Type and Host headers exactly as sent and the exact body bytes.");

        // Counted on the server's clock at arrival: the figure that proves a client never sent an expired key.
        if (credential.ExpiresAt is { } expiresAt && time.GetUtcNow() >= expiresAt)
        {
            temporary.CountExpired();
            return new CloudApiError(ErrorCodes.TokenFailure, $"The temporary credential expired at {expiresAt:O}; get new temporary keys.");
        }
        if (credential.Token is { } token && !FixedTimeEquals(token, headers.Token ?? ""))
        {
            temporary.CountRejectedToken();
            return new CloudApiError(ErrorCodes.TokenFailure,
                "X-TC-Token is missing or does not match the temporary credential's session token.");
        }
        return null;
    }

    private static CloudApiError? CheckScope(Tc3Authorization authorization, long timestamp, string service)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (authorization.Service != service)
            return SignatureFailure($"The credential scope names service `{authorization.Service}`; this endpoint is `{service}`.");
        if (authorization.Date != date)
            return SignatureFailure($"The credential scope date `{authorization.Date}` is not the UTC date of X-TC-Timestamp ({date}).");
        if (authorization.SignedHeaders is not (BasicHeaders or ActionHeaders))
            return SignatureFailure(
                $"SignedHeaders `{authorization.SignedHeaders}` is not supported by the simulator; sign `{BasicHeaders}` or `{ActionHeaders}`.");
        return null;
    }

    private static bool SignatureMatches(
        Tc3Authorization authorization, SimulatorCredential credential, CloudApiHeaders headers, ReadOnlyMemory<byte> body, long timestamp,
        string service)
    {
        if (string.IsNullOrWhiteSpace(headers.Host))
            return false;
        var action = authorization.SignedHeaders == ActionHeaders ? headers.Action ?? "" : null;
        foreach (var host in HostsAClientMayHaveSigned(headers.Host))
        {
            var expected = Tc3Signer.Sign(new Tc3SigningInput(
                credential.SecretId, credential.SecretKey, service, host, headers.ContentType, body, timestamp, action));
            if (FixedTimeEquals(expected.Signature, authorization.Signature))
                return true;
        }
        return false;
    }

    /// <summary>
    /// The Host header as sent, then without its port: some SDKs sign the bare host name while sending the port.
    /// </summary>
    private static IEnumerable<string> HostsAClientMayHaveSigned(string host)
    {
        yield return host;
        var colon = host.LastIndexOf(':');
        if (colon > 0 && colon > host.LastIndexOf(']') && host[(colon + 1)..].All(char.IsAsciiDigit))
            yield return host[..colon];
    }

    private static CloudApiError SignatureFailure(string message) => new(ErrorCodes.SignatureFailure, message);

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
}
