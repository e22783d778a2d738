using System.Collections.Concurrent;

namespace ClbWorker.Simulator.Traffic;

/// <summary>Per-key traffic since start or the last reset.</summary>
internal sealed class TrafficRecorder(TimeProvider time)
{
    // Reset swaps the whole period, so a snapshot never mixes counters from before and after a reset.
    // Requests in flight across a reset finish on the old period and vanish with it.
    private sealed record Period(DateTimeOffset Since, ConcurrentDictionary<TrafficKey, KeyTraffic> Keys);

    private volatile Period _period = new(time.GetUtcNow(), new ConcurrentDictionary<TrafficKey, KeyTraffic>());

    /// <summary>Counts the arrival of a request and returns the counters its outcome goes to.</summary>
    public KeyTraffic Arrive(TrafficKey key)
    {
        var traffic = _period.Keys.GetOrAdd(key, k => new KeyTraffic(k, time));
        traffic.Arrive();
        return traffic;
    }

    public SimulatorStats Snapshot()
    {
        var period = _period;
        var keys = period.Keys.Values.Select(traffic => traffic.Snapshot())
            .OrderBy(k => k.SecretId, StringComparer.Ordinal)
            .ThenBy(k => k.Host, StringComparer.Ordinal)
            .ThenBy(k => k.Action, StringComparer.Ordinal)
            .ToList();
        return new SimulatorStats(period.Since, keys);
    }

    public void Reset() => _period = new Period(time.GetUtcNow(), new ConcurrentDictionary<TrafficKey, KeyTraffic>());
}
