namespace ClbWorker.Simulator.RateLimiting;

/// <summary>
/// Arrival timestamps (<see cref="TimeProvider.GetTimestamp"/> ticks) inside the last second, oldest first.
/// The window ending at <c>now</c> is half-open, (now - 1 s, now]: arrivals exactly one second apart never share
/// a window. Not thread-safe; the owner locks and adds non-decreasing timestamps.
/// </summary>
internal sealed class ArrivalWindow(long ticksPerSecond)
{
    private readonly Queue<long> _arrivals = new();

    /// <summary>Arrivals inside the window ending at <paramref name="now"/>.</summary>
    public int CountAt(long now)
    {
        while (_arrivals.TryPeek(out var oldest) && now - oldest >= ticksPerSecond)
            _arrivals.Dequeue();
        return _arrivals.Count;
    }

    public void Add(long now) => _arrivals.Enqueue(now);
}
