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

    /// <summary>Arrivals inside the window ending at <paramref name="at"/>.</summary>
    public int CountAt(long at)
    {
        DropStale(at);
        return _arrivals.Count(t => t <= at && at - t < ticksPerSecond);
    }

    /// <summary>
    /// The most accepted arrivals any one-second window containing <paramref name="at"/> holds: those ending at
    /// <paramref name="at"/> and, when arrivals were checked out of order, those ending at a later arrival.
    /// </summary>
    public int BusiestWindowAround(long at)
    {
        DropStale(at);
        var ends = _arrivals.Where(t => t > at && t - at < ticksPerSecond).Prepend(at);
        return ends.Max(end => _arrivals.Count(t => t <= end && end - t < ticksPerSecond));
    }

    private void DropStale(long at)
    {
        if (_arrivals.Count == 0)
            return;
        var newest = Math.Max(at, _arrivals[^1]);
        var stale = _arrivals.FindIndex(t => newest - t < 2 * ticksPerSecond);
        _arrivals.RemoveRange(0, stale < 0 ? _arrivals.Count : stale);
    }

    public void Add(long at)
    {
        var index = _arrivals.BinarySearch(at);
        _arrivals.Insert(index < 0 ? ~index : index, at);
    }
}
