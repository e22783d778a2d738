using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64(HMAC-SHA256(key, <c>{id}.{timestamp}.{body}</c>)).
/// Pure, so it is tested against the specification's vector.
/// </summary>
public static class WebhookSigner
{
    public const string Version = "v1";

    /// <summary>
    /// The <c>webhook-signature</c> header value: one space-separated <c>v1,...</c> entry per secret, in order,
    /// so that a receiver holding either the old or the new secret accepts the message during a rotation.
    /// </summary>
    /// <param name="timestampSeconds">Unix seconds, the value sent as <c>webhook-timestamp</c>.</param>
    /// <param name="body">The exact bytes sent.</param>
    public static string Sign(string messageId, long timestampSeconds, ReadOnlySpan<byte> body, IReadOnlyList<WebhookSecret> secrets)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentOutOfRangeException.ThrowIfNegative(timestampSeconds);
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
            throw new ArgumentException("At least one secret is needed to sign a message.", nameof(secrets));

        var header = new StringBuilder();
        foreach (var secret in secrets)
        {
            ArgumentNullException.ThrowIfNull(secret, nameof(secrets));
            if (header.Length > 0)
                header.Append(' ');
            header.Append(Version).Append(',').Append(Convert.ToBase64String(Signature(secret, messageId, timestampSeconds, body)));
        }
        return header.ToString();
    }

    /// <summary>The raw 32-byte HMAC of one message under one secret.</summary>
    internal static byte[] Signature(WebhookSecret secret, string messageId, long timestampSeconds, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret.Key);
        hmac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestampSeconds}.")));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
