using System.Buffers;
using System.Text;

namespace ClbWorker.Webhooks.Sending;

/// <summary>Reads the start of a receiver's response body, never more than a cap, for delivery records.</summary>
internal static class ResponseExcerptReader
{
    /// <summary>Reads at most <paramref name="maxBytes"/> bytes (plus one, to tell whether there is more).</summary>
    /// <returns>
    /// The text read (null when none), whether the body went on past the cap, and the exception that ended
    /// the read early (cancellation or a broken connection), keeping what was read before it.
    /// </returns>
    public static async Task<(string? Excerpt, bool Truncated, Exception? Failure)> ReadAsync(
        HttpContent content, int maxBytes, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        var length = 0;
        Exception? failure = null;
        try
        {
            await using var stream = await content.ReadAsStreamAsync(ct);
            while (length <= maxBytes)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length, maxBytes + 1 - length), ct);
                if (read == 0)
                    break;
                length += read;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            failure = e;
        }
        try
        {
            return (Decode(buffer.AsSpan(0, Math.Min(length, maxBytes))), length > maxBytes, failure);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>UTF-8 (invalid or cut sequences become U+FFFD); NUL too, which PostgreSQL text cannot hold.</summary>
    internal static string? Decode(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? null : Encoding.UTF8.GetString(bytes).Replace('\0', '\uFFFD');
}
