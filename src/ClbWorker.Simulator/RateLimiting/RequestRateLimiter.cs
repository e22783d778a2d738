using System.Collections.Concurrent;
using ClbWorker.Simulator.Traffic;

namespace ClbWorker.Simulator.RateLimiting;

/// <summary>
/// At most <c>limitPerSecond</c> accepted requests per key in any 1-second window of arrival time, on the
/// monotonic clock of the injected <see cref="TimeProvider"/>. Rejected requests do not use up the allowance.
/// </summary>
internal sealed class RequestRateLimiter(int limitPerSecond, TimeProvider time)
{
    private readonly ConcurrentDictionary<TrafficKey, ArrivalWindow> _windows = new();

    public int LimitPerSecond => limitPerSecond;

    /// <param name="arrivedAt">The request's arrival (<see cref="TimeProvider.GetTimestamp"/>); requests may reach
    /// this check in a different order than they arrived.</param>
    public bool TryAcquire(TrafficKey key, long arrivedAt)
    {
        var window = _windows.GetOrAdd(key, _ => new ArrivalWindow(time.TimestampFrequency));
        lock (window)
        {
            if (window.BusiestWindowAround(arrivedAt) >= limitPerSecond)
                return false;
            window.Add(arrivedAt);
            return true;
        }
    }
}
