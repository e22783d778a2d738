namespace ClbWorker.Benchmarks.Reporting;

/// <summary>Median and range of one figure over its runs.</summary>
public sealed record Summary(double Median, double Min, double Max, int Count)
{
    public static Summary? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }

    public string Describe(int decimals) => Count == 1 || Min == Max
        ? Format.Number(Median, decimals)
        : $"{Format.Number(Median, decimals)} ({Format.Number(Min, decimals)}–{Format.Number(Max, decimals)})";
}
