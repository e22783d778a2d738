using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ClbWorker.Api;

/// <summary>
/// The opaque <c>cursor</c> of the delivery list: the last id of a page, so the next page starts below it (keyset
/// paging: rows added meanwhile never shift a page, so none is skipped or shown twice). Base64url of
/// <c>wd1:&lt;id&gt;</c>, which tells a delivery cursor from any other token.
/// </summary>
internal static class DeliveryCursor
{
    private const string Prefix = "wd1:";

    public static string Encode(long lastId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + lastId.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string cursor, out long lastId)
    {
        lastId = 0;
        if (cursor.Length is 0 or > 64 || !Base64Url.IsValid(cursor))
            return false;
        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out lastId)
            && lastId >= 1;
    }
}
