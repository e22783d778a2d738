namespace ClbWorker.Simulator.RateLimiting;

/// <summary>
/// Accepted arrival timestamps (<see cref="TimeProvider.GetTimestamp"/> ticks) of one key, in order. The window
/// ending at <c>t</c> is half-open, (t - 1 s, t]: arrivals exactly one second apart never share a window.
/// Arrivals may be added slightly out of order (they are checked after their body is read), so they are kept
/// sorted and only those older than the newest by more than two seconds are dropped (a late check still
/// finds the arrivals of its own window). Not thread-safe; the owner locks.
/// </summary>
internal sealed class ArrivalWindow(long ticksPerSecond)
{
    private readonly List<long> _arrivals = [];

    /// <summary>Accepted arrivals inside the window ending at <paramref name="at"/>.</summary>
    public int CountAt(long at)
    {
        if (_arrivals.Count > 0)
        {
            var newest = Math.Max(at, _arrivals[^1]);
            var stale = _arrivals.FindIndex(t => newest - t < 2 * ticksPerSecond);
            _arrivals.RemoveRange(0, stale < 0 ? _arrivals.Count : stale);
        }
        return _arrivals.Count(t => t <= at && at - t < ticksPerSecond);
    }

    public void Add(long at)
    {
        var index = _arrivals.BinarySearch(at);
        _arrivals.Insert(index < 0 ? ~index : index, at);
    }
}
