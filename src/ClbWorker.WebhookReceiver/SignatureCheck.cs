using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClbWorker.WebhookReceiver;

/// <summary>
/// Standard Webhooks verification, written from the specification and sharing no code with ClbWorker's signer, so
/// that a notification verified here shows the sender interoperates: HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, any space-separated <c>v1,</c> entry may match, compared in
/// constant time; timestamps more than five minutes away from now are refused as replays.
/// </summary>
internal static class SignatureCheck
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static Verdict Verify(string? id, string? timestamp, string? signatures, byte[] body, IReadOnlyList<SigningKey> keys, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
            return Verdict.MissingHeaders;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
            return Verdict.MalformedTimestamp;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
            return Verdict.StaleTimestamp;

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = keys.Select(key => HMACSHA256.HashData(key.Bytes, signed)).ToList();
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
                continue;
            byte[] received;
            try
            {
                received = Convert.FromBase64String(entry[3..]);
            }
            catch (FormatException)
            {
                continue;
            }
            if (expected.Any(candidate => CryptographicOperations.FixedTimeEquals(candidate, received)))
                return Verdict.Verified;
        }
        return Verdict.NoMatchingSignature;
    }
}
