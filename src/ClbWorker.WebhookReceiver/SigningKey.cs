using System.Diagnostics.CodeAnalysis;

namespace ClbWorker.WebhookReceiver;

/// <summary>The HMAC key of a Standard Webhooks secret: the bytes the base64 after <c>whsec_</c> decodes to.</summary>
internal sealed class SigningKey
{
    private const string Prefix = "whsec_";

    private SigningKey(byte[] bytes) => Bytes = bytes;

    public byte[] Bytes { get; }

    /// <param name="problem">What is wrong, never quoting the text.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SigningKey? key, [NotNullWhen(false)] out string? problem)
    {
        key = null;
        problem = null;
        if (string.IsNullOrEmpty(text) || !text.StartsWith(Prefix, StringComparison.Ordinal))
            problem = $"it does not start with '{Prefix}'";
        else
        {
            var buffer = new byte[text.Length];
            if (!Convert.TryFromBase64String(text[Prefix.Length..], buffer, out var written))
                problem = "the part after the prefix is not base64";
            else if (written is < 24 or > 64)
                problem = $"it decodes to {written} bytes";
            else
                key = new SigningKey(buffer[..written]);
        }
        return key is not null;
    }

    public override string ToString() => Prefix + "(redacted)";
}
