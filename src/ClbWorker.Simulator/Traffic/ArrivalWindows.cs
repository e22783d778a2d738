namespace ClbWorker.Simulator.Traffic;

/// <summary>Counting arrivals per one-second window, the way Tencent counts its limit (by arrival, sliding).</summary>
public static class ArrivalWindows
{
    /// <summary>The most timestamps (µs) inside any half-open window (t - 1 s, t].</summary>
    public static int MaxPerSecond(IEnumerable<long> unixMicros)
    {
        var sorted = unixMicros.Order().ToArray();
        var busiest = 0;
        var start = 0;
        for (var end = 0; end < sorted.Length; end++)
        {
            while (sorted[end] - sorted[start] >= 1_000_000)
                start++;
            busiest = Math.Max(busiest, end - start + 1);
        }
        return busiest;
    }

    /// <summary>Events per second between the first and the last: (n - 1) / span.</summary>
    public static double Rate(IReadOnlyList<long> sortedUnixMicros) =>
        sortedUnixMicros.Count < 2 ? double.NaN
            : (sortedUnixMicros.Count - 1) / ((sortedUnixMicros[^1] - sortedUnixMicros[0]) / 1e6);
}
