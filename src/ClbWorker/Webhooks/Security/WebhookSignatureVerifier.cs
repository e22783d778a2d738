using System.Globalization;
using System.Security.Cryptography;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// The receiving side of Standard Webhooks, for the built-in development receiver: the timestamp must be
/// within <see cref="Tolerance"/> of now, and one <c>v1</c> entry must match one of the secrets.
/// </summary>
public static class WebhookSignatureVerifier
{
    /// <summary>Five minutes, as every reference library: replays of older captures are refused.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private const int SignatureBytes = 32;

    /// <param name="messageId">The <c>webhook-id</c> header.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header.</param>
    /// <param name="signature">The <c>webhook-signature</c> header.</param>
    public static WebhookVerification Verify(
        string? messageId, string? timestamp, string? signature, ReadOnlySpan<byte> body,
        IReadOnlyList<WebhookSecret> secrets, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return WebhookVerification.MissingHeader;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return WebhookVerification.MalformedTimestamp;
        var skew = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (skew.Duration() > Tolerance)
            return WebhookVerification.TimestampOutsideTolerance;

        var expected = new List<byte[]>(secrets.Count);
        foreach (var secret in secrets)
            expected.Add(WebhookSigner.Signature(secret, messageId, seconds, body));
        Span<byte> received = stackalloc byte[SignatureBytes];
        foreach (var entry in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Entries of other versions are skipped, as the specification asks, so future schemes can be added.
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !entry.AsSpan(0, comma).SequenceEqual(WebhookSigner.Version))
                continue;
            if (!Convert.TryFromBase64String(entry[(comma + 1)..], received, out var written) || written != SignatureBytes)
                continue;
            foreach (var candidate in expected)
            {
                if (CryptographicOperations.FixedTimeEquals(candidate, received))
                    return WebhookVerification.Verified;
            }
        }
        return WebhookVerification.NoValidSignature;
    }
}
