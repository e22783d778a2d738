using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ClbWorker.Api;

/// <summary>The listings that page with a <see cref="PageCursor"/>; the value is the cursor's first byte.</summary>
public enum PagedList : byte
{
    Tasks = 1,
    WebhookDeliveries = 2,
}

/// <summary>
/// The opaque <c>cursor</c> of the API's listings (<c>GET /api/tasks</c>, <c>GET /api/webhook-deliveries</c>):
/// base64url of 21 bytes: the listing it belongs to (1 byte, <see cref="PagedList"/>), the id of the last row returned
/// (8 bytes), a fingerprint of the filters it was issued for (8 bytes) and a checksum of those 17 bytes (4 bytes).
/// The checksum catches an edited or truncated cursor; the fingerprint catches a cursor reused with other filters,
/// which would silently skip or repeat rows. It is not a secret: it holds nothing the caller did not send or receive.
/// </summary>
public static class PageCursor
{
    private const int PayloadLength = 17;
    private const int Length = PayloadLength + 4;

    /// <param name="filters">The listing's filters as one string, the same whenever the filters are.</param>
    public static string Encode(PagedList list, long lastId, string filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = (byte)list;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], lastId);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[9..], Fingerprint(filters));
        BinaryPrimitives.WriteUInt32BigEndian(bytes[PayloadLength..], Checksum(bytes[..PayloadLength]));
        return Base64Url.EncodeToString(bytes);
    }

    /// <param name="error">Why the cursor cannot continue this listing.</param>
    public static bool TryDecode(string cursor, PagedList list, string filters, out long lastId, out string? error)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentNullException.ThrowIfNull(filters);
        lastId = 0;
        Span<byte> bytes = stackalloc byte[Length + 3];
        if (cursor.Length > 64 || !cursor.All(IsBase64UrlChar)
            || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != Length)
            return Fail("is not a cursor this API issued", out error);
        if (!Enum.IsDefined((PagedList)bytes[0])
            || BinaryPrimitives.ReadUInt32BigEndian(bytes[PayloadLength..]) != Checksum(bytes[..PayloadLength]))
            return Fail("is not a cursor this API issued, or it was altered", out error);
        if (bytes[0] != (byte)list)
            return Fail("belongs to another listing", out error);
        if (BinaryPrimitives.ReadUInt64BigEndian(bytes[9..]) != Fingerprint(filters))
            return Fail("was issued for other filters; repeat the filters of the request that returned it, or start again without a cursor", out error);
        lastId = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        if (lastId <= 0)
            return Fail("is not a cursor this API issued", out error);
        error = null;
        return true;
    }

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    private static bool Fail(string reason, out string error)
    {
        error = $"cursor {reason}; pass the nextCursor of the previous page unchanged.";
        return false;
    }

    private static ulong Fingerprint(string filters) =>
        BinaryPrimitives.ReadUInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(filters)));

    private static uint Checksum(ReadOnlySpan<byte> payload)
    {
        Span<byte> input = stackalloc byte[payload.Length + 1];
        payload.CopyTo(input);
        input[^1] = 0x5A; // domain separation from the fingerprint's hash
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }
}
