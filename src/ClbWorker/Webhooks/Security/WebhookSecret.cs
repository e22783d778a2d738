using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of 24-64 random bytes, which are
/// the HMAC key. Neither <see cref="ToString"/> nor a parse error ever contains the secret.
/// </summary>
public sealed class WebhookSecret
{
    public const string Prefix = "whsec_";

    /// <summary>192 bits, the specification's minimum.</summary>
    public const int MinKeyBytes = 24;

    /// <summary>HMAC-SHA256's block size; a longer key would only be hashed down.</summary>
    public const int MaxKeyBytes = 64;

    /// <summary>256 bits, as strong as the SHA-256 output the signature is.</summary>
    public const int GeneratedKeyBytes = 32;

    public const string ExpectedForm = "whsec_ followed by the base64 of 24 to 64 random bytes";

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    /// <summary>The HMAC key: the decoded bytes after the prefix.</summary>
    public ReadOnlySpan<byte> Key => _key;

    public static WebhookSecret Generate() => new(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <exception cref="FormatException">The text is not a secret; the message says why without quoting it.</exception>
    public static WebhookSecret Parse(string? text) =>
        TryParse(text, out var secret, out var error)
            ? secret
            : throw new FormatException($"Not a webhook secret: {error}; expected {ExpectedForm}.");

    /// <param name="error">Why <paramref name="text"/> is not a secret, never quoting it.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        if (string.IsNullOrEmpty(text))
            error = "it is empty";
        else if (!text.StartsWith(Prefix, StringComparison.Ordinal))
            error = $"it does not start with '{Prefix}'";
        // Convert would skip whitespace silently; a secret pasted with a line break is better reported.
        else if (text.Any(char.IsWhiteSpace))
            error = "it contains whitespace";
        else if (!TryDecode(text.AsSpan(Prefix.Length), out var key))
            error = $"the part after '{Prefix}' is not valid base64";
        else if (key.Length is < MinKeyBytes or > MaxKeyBytes)
            error = $"it decodes to {key.Length} bytes; allowed {MinKeyBytes} to {MaxKeyBytes}";
        else
        {
            secret = new WebhookSecret(key);
            error = null;
            return true;
        }
        return false;
    }

    /// <summary>The <c>whsec_</c> text, to store or to hand to the receiver's owner. Never log it.</summary>
    public string Reveal() => Prefix + Convert.ToBase64String(_key);

    public override string ToString() => Prefix + "(redacted)";

    private static bool TryDecode(ReadOnlySpan<char> base64, out byte[] key)
    {
        var buffer = new byte[base64.Length * 3 / 4];
        if (Convert.TryFromBase64Chars(base64, buffer, out var written))
        {
            key = buffer[..written];
            return true;
        }
        key = [];
        return false;
    }
}
