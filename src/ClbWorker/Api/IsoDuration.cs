using System.Globalization;
using System.Text.RegularExpressions;

namespace ClbWorker.Api;

/// <summary>
/// An ISO 8601 duration of weeks, days, hours, minutes and seconds: <c>PT30M</c>, <c>PT1H30M</c>, <c>P1D</c>,
/// <c>PT90S</c>, <c>PT0.5S</c>. Years and months are refused: they have no fixed length.
/// </summary>
public static partial class IsoDuration
{
    // Components this large exceed any deadline allowed anyway; the cap keeps the arithmetic far from overflow.
    private const double MaxSeconds = 100L * 365 * 24 * 3600;

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var match = text is null ? Match.Empty : Shape().Match(text);
        if (!match.Success || text!.EndsWith('T'))
            return false;
        double seconds = 0;
        var any = false;
        foreach (var (group, unit) in Units)
        {
            var part = match.Groups[group];
            if (!part.Success)
                continue;
            any = true;
            if (!double.TryParse(part.Value.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
                return false;
            seconds += amount * unit;
        }
        if (!any || seconds > MaxSeconds)
            return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static readonly (string Group, double Seconds)[] Units =
        [("w", 7 * 86400), ("d", 86400), ("h", 3600), ("m", 60), ("s", 1)];

    [GeneratedRegex(@"^P(?:(?<w>\d{1,9})W|(?:(?<d>\d{1,9})D)?(?:T(?:(?<h>\d{1,9})H)?(?:(?<m>\d{1,9})M)?(?:(?<s>\d{1,9}(?:[.,]\d{1,9})?)S)?)?)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
