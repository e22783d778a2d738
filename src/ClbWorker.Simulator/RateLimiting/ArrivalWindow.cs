namespace ClbWorker.Simulator.RateLimiting;

/// <summary>
/// Accepted arrival timestamps (<see cref="TimeProvider.GetTimestamp"/> ticks) of one key, in order. The window
/// ending at <c>t</c> is half-open, (t - 1 s, t]: arrivals exactly one second apart never share a window.
/// Arrivals may be added slightly out of order (they are checked after their body is read), so they are kept
/// sorted and only those older than the newest by more than two seconds are dropped (a late check still
/// finds the arrivals of its own window). Counting is a pair of binary searches, so a key taking thousands of
/// requests a second costs microseconds per request. Not thread-safe; the owner locks.
/// </summary>
internal sealed class ArrivalWindow(long ticksPerSecond)
{
    // Stale arrivals are removed in chunks: removing them one request at a time would move the whole list each time.
    private const int DropChunk = 256;
    private readonly List<long> _arrivals = [];

    /// <summary>Arrivals inside the window ending at <paramref name="at"/>.</summary>
    public int CountAt(long at)
    {
        DropStale(at);
        return CountIn(at);
    }

    /// <summary>
    /// The most accepted arrivals any one-second window containing <paramref name="at"/> holds: those ending at
    /// <paramref name="at"/> and, when arrivals were checked out of order, those ending at a later arrival.
    /// </summary>
    public int BusiestWindowAround(long at)
    {
        DropStale(at);
        var busiest = CountIn(at);
        for (var i = UpperBound(at); i < _arrivals.Count && _arrivals[i] - at < ticksPerSecond; i++)
            busiest = Math.Max(busiest, CountIn(_arrivals[i]));
        return busiest;
    }

    public void Add(long at)
    {
        var index = _arrivals.BinarySearch(at);
        _arrivals.Insert(index < 0 ? ~index : index, at);
    }

    // Arrivals t with end - 1 s < t <= end.
    private int CountIn(long end) => UpperBound(end) - UpperBound(end - ticksPerSecond);

    // Index of the first arrival after value.
    private int UpperBound(long value)
    {
        int low = 0, high = _arrivals.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_arrivals[mid] <= value)
                low = mid + 1;
            else
                high = mid;
        }
        return low;
    }

    private void DropStale(long at)
    {
        if (_arrivals.Count == 0)
            return;
        var newest = Math.Max(at, _arrivals[^1]);
        // Everything at or before this is more than two seconds older than the newest arrival.
        var stale = UpperBound(newest - 2 * ticksPerSecond);
        if (stale >= DropChunk || stale == _arrivals.Count)
            _arrivals.RemoveRange(0, stale);
    }
}
