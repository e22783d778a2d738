using System.Globalization;
using System.Text;
using ClbWorker.Simulator;
using ClbWorker.TencentCloud;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>
/// A Cloud API request as an SDK would send it, signed with <see cref="Tc3Signer"/>. Every part can be bent to
/// provoke one error: what is signed and what is sent are set separately.
/// </summary>
internal sealed record SignedCall
{
    public string Action { get; init; } = "DescribeTaskStatus";
    public string? Version { get; init; } = "2018-03-17";
    public string? Region { get; init; } = "ap-guangzhou";
    public string Body { get; init; } = "{}";
    public SimulatorCredential Credential { get; init; } = TestCredentials.Primary;

    /// <summary>Signing key; defaults to the credential's.</summary>
    public string? SigningKey { get; init; }

    /// <summary>The body bytes signed; defaults to <see cref="Body"/>.</summary>
    public string? SignedBody { get; init; }

    /// <summary>Unix seconds; defaults to the simulator clock's now.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The host string signed; defaults to the Host header sent (with port).</summary>
    public string? SignedHost { get; init; }

    /// <summary>The Host header sent; defaults to the simulator's authority.</summary>
    public string? Host { get; init; }

    public string ContentType { get; init; } = "application/json; charset=utf-8";
    public string? SignedContentType { get; init; }
    public bool SignAction { get; init; }
    public string? Token { get; init; }

    /// <summary>The credential scope service signed: <c>clb</c>, or <c>sts</c> for the STS actions.</summary>
    public string Service { get; init; } = "clb";

    /// <summary>Sends no Authorization header at all (AssumeRoleWithWebIdentity).</summary>
    public bool Unsigned { get; init; }

    /// <summary>Replaces the whole Authorization header when set.</summary>
    public Func<string, string>? RewriteAuthorization { get; init; }

    public static SignedCall Poll(string taskId, string region = "ap-guangzhou") =>
        new() { Body = $$"""{"TaskId":"{{taskId}}"}""", Region = region };

    public static SignedCall PollDeal(string dealName, string region = "ap-guangzhou") =>
        new() { Body = $$"""{"DealName":"{{dealName}}"}""", Region = region };

    /// <summary>A poll signed with temporary keys as STS or the metadata service answered them.</summary>
    public static SignedCall Poll(string taskId, string secretId, string secretKey, string? token) =>
        Poll(taskId) with { Credential = new SimulatorCredential { SecretId = secretId, SecretKey = secretKey }, Token = token };

    public HttpRequestMessage ToMessage(Uri baseAddress, TimeProvider time)
    {
        var host = Host ?? baseAddress.Authority;
        var timestamp = Timestamp ?? time.GetUtcNow().ToUnixTimeSeconds();
        var signature = Tc3Signer.Sign(new Tc3SigningInput(
            Credential.SecretId, SigningKey ?? Credential.SecretKey, Service, SignedHost ?? host,
            SignedContentType ?? ContentType, Encoding.UTF8.GetBytes(SignedBody ?? Body), timestamp,
            SignAction ? Action : null));

        var message = new HttpRequestMessage(HttpMethod.Post, baseAddress) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body)) };
        message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        message.Headers.Host = host;
        var authorization = RewriteAuthorization?.Invoke(signature.Authorization) ?? signature.Authorization;
        if (!Unsigned)
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        message.Headers.Add("X-TC-Action", Action);
        message.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        if (Version is not null)
            message.Headers.Add("X-TC-Version", Version);
        if (Region is not null)
            message.Headers.Add("X-TC-Region", Region);
        if (Token is not null)
            message.Headers.Add("X-TC-Token", Token);
        return message;
    }
}
