using System.Text;

namespace ClbWorker.Tencent;

/// <summary>A short, single-line text rendering of a response body for results and logs.</summary>
internal static class ResponseExcerpt
{
    /// <summary>Enough of an error page to recognise it (a gateway's title, a JSON error) without flooding logs.</summary>
    public const int DefaultLength = 200;

    public static string From(ReadOnlySpan<byte> body, int maxChars = DefaultLength)
    {
        // Decoding a bounded prefix keeps the cost flat for megabyte bodies; a split UTF-8 sequence at the
        // cut becomes U+FFFD, which is fine for an excerpt.
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, maxChars * 4)]);
        var builder = new StringBuilder(Math.Min(text.Length, maxChars));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (builder.Length + (pendingSpace ? 1 : 0) >= maxChars)
                return builder.Append('…').ToString();
            if (pendingSpace)
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.Length == 0 && body.Length > 0 ? "(no printable text)" : builder.ToString();
    }
}
