using System.Globalization;
using System.Text.RegularExpressions;

namespace ClbWorker.Api;

/// <summary>
/// An ISO 8601 / RFC 3339 timestamp with an explicit offset, e.g. <c>2026-12-01T10:00:00Z</c> or
/// <c>2026-12-01T18:00:00.5+08:00</c>. A time without an offset is refused: it would mean whatever time zone the
/// server happens to run in.
/// </summary>
public static partial class IsoTimestamp
{
    public const string Example = "2026-12-01T10:00:00Z";

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && Shape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
