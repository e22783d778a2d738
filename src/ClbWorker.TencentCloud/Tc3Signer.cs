using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClbWorker.TencentCloud;

/// <summary>Tencent Cloud API 3.0 request signing (TC3-HMAC-SHA256) as a pure function.</summary>
public static class Tc3Signer
{
    public const string Algorithm = "TC3-HMAC-SHA256";

    public static Tc3Signature Sign(Tc3SigningInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Messages name the missing part only; the values are secrets.
        if (string.IsNullOrWhiteSpace(input.SecretId))
            throw new ArgumentException("Cannot sign a Tencent Cloud request: the SecretId is empty.", nameof(input));
        if (string.IsNullOrWhiteSpace(input.SecretKey))
            throw new ArgumentException("Cannot sign a Tencent Cloud request: the SecretKey is empty.", nameof(input));
        if (string.IsNullOrWhiteSpace(input.Service) || string.IsNullOrWhiteSpace(input.Host))
            throw new ArgumentException("Cannot sign a Tencent Cloud request: the service or host is empty.", nameof(input));

        var date = DateTimeOffset.FromUnixTimeSeconds(input.Timestamp).UtcDateTime
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var canonicalHeaders = new StringBuilder()
            .Append("content-type:").Append(input.ContentType.Trim()).Append('\n')
            .Append("host:").Append(input.Host.Trim()).Append('\n');
        var signedHeaders = "content-type;host";
        if (input.Action is not null)
        {
            canonicalHeaders.Append("x-tc-action:").Append(input.Action.Trim().ToLowerInvariant()).Append('\n');
            signedHeaders += ";x-tc-action";
        }

        var canonicalRequest =
            $"POST\n/\n\n{canonicalHeaders}\n{signedHeaders}\n{HexSha256(input.Payload.Span)}";
        var canonicalRequestHash = HexSha256(Encoding.UTF8.GetBytes(canonicalRequest));

        var credentialScope = $"{date}/{input.Service}/tc3_request";
        var stringToSign = $"{Algorithm}\n{input.Timestamp.ToString(CultureInfo.InvariantCulture)}\n{credentialScope}\n{canonicalRequestHash}";

        var secretDate = Hmac(Encoding.UTF8.GetBytes("TC3" + input.SecretKey), date);
        var secretService = Hmac(secretDate, input.Service);
        var secretSigning = Hmac(secretService, "tc3_request");
        var signature = Convert.ToHexStringLower(Hmac(secretSigning, stringToSign));

        var authorization =
            $"{Algorithm} Credential={input.SecretId}/{credentialScope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new Tc3Signature(authorization, signature, signedHeaders, credentialScope, canonicalRequestHash);
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string message) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}
