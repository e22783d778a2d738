using ClbWorker.Simulator.RateLimiting;

namespace ClbWorker.Simulator.Traffic;

/// <summary>Counters of one <see cref="TrafficKey"/>; every member is safe to call concurrently.</summary>
internal sealed class KeyTraffic(TrafficKey key, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly ArrivalWindow _window = new(time.TimestampFrequency);
    private readonly Dictionary<string, long> _rejections = new(StringComparer.Ordinal);
    private readonly Dictionary<SimulatorFaultKind, long> _faults = [];
    private long _requests, _accepted, _rejected, _faulted, _abandoned;
    private int _largestWindow;

    public void Arrive()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            _requests++;
            _window.Add(now);
            _largestWindow = Math.Max(_largestWindow, _window.CountAt(now));
        }
    }

    public void Accept()
    {
        lock (_lock)
            _accepted++;
    }

    public void Reject(string code)
    {
        lock (_lock)
        {
            _rejected++;
            _rejections[code] = _rejections.GetValueOrDefault(code) + 1;
        }
    }

    /// <summary>A fault that replaced the answer; the request counts as faulted.</summary>
    public void Fault(SimulatorFaultKind kind)
    {
        lock (_lock)
        {
            _faulted++;
            _faults[kind] = _faults.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>A delay-only fault (hang, latency); the request is still answered and counted by its answer.</summary>
    public void Delay(SimulatorFaultKind kind)
    {
        lock (_lock)
            _faults[kind] = _faults.GetValueOrDefault(kind) + 1;
    }

    public void Abandon()
    {
        lock (_lock)
            _abandoned++;
    }

    public SimulatorKeyStats Snapshot()
    {
        lock (_lock)
        {
            return new SimulatorKeyStats(key.SecretId, key.Host, key.Action, _requests, _accepted, _rejected, _faulted,
                _abandoned, _largestWindow, new Dictionary<string, long>(_rejections, StringComparer.Ordinal),
                new Dictionary<SimulatorFaultKind, long>(_faults));
        }
    }
}
