using System.Security.Cryptography;
using System.Text;

namespace ClbWorker.UnitTests.Webhooks;

/// <summary>
/// A verifier written from the Standard Webhooks specification alone, sharing no code with the worker's
/// signer: the key is the base64 after <c>whsec_</c>; the signed content is <c>id.timestamp.body</c>; the
/// header holds space-separated <c>v1,base64(HMAC-SHA256)</c> entries, any one of which may match.
/// </summary>
internal static class StandardWebhooksSpec
{
    public const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    public const long VectorTimestamp = 1614265330;
    public const string VectorBody = """{"test": 2432232314}""";
    public const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    public static bool Accepts(string secret, string id, string timestamp, byte[] body, string? signatureHeader)
    {
        if (signatureHeader is null)
            return false;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signedContent = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signedContent));
        return signatureHeader.Split(' ').Contains(expected);
    }
}
