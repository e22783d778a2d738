namespace ClbWorker.Tencent.Client;

/// <summary>Reads a response body up to a cap, so a misbehaving server cannot make the worker buffer without bound.</summary>
internal static class ResponseBodyReader
{
    /// <summary>1 MiB: a DescribeTaskStatus answer is a few hundred bytes; anything near this is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <returns>The body, or its first <paramref name="maxBytes"/> bytes with <c>TooLarge</c> set.</returns>
    public static async Task<(byte[] Body, bool TooLarge)> ReadAsync(HttpContent content, int maxBytes, CancellationToken ct)
    {
        if (content.Headers.ContentLength > maxBytes)
            return ([], true);

        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                    return (buffer[..maxBytes], true);
                Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBytes + 1));
            }
            var read = await stream.ReadAsync(buffer.AsMemory(length), ct);
            if (read == 0)
                return (buffer[..length], false);
            length += read;
        }
    }
}
