using System.Globalization;

namespace ClbWorker.Benchmarks.Reporting;

internal static class Format
{
    /// <summary>Thousands separators and fixed decimals; "n/a" for a value that could not be measured, "never" for one that did not happen.</summary>
    public static string Number(double value, int decimals) =>
        double.IsNaN(value) ? "n/a"
        : double.IsInfinity(value) ? "never"
        : value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
