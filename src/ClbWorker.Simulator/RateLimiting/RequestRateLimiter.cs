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

    public bool TryAcquire(TrafficKey key)
    {
        var window = _windows.GetOrAdd(key, _ => new ArrivalWindow(time.TimestampFrequency));
        lock (window)
        {
            // Read the clock under the lock so each window receives non-decreasing timestamps.
            var now = time.GetTimestamp();
            if (window.CountAt(now) >= limitPerSecond)
                return false;
            window.Add(now);
            return true;
        }
    }
}
