namespace ClbWorker.LeasedWork;

/// <summary>
/// Counts the items a run has in flight, in all and per partition (a receiving host), and admits a new one only
/// while both caps have room. Each item is checked and counted on its own, under one lock, so no number of waiting
/// items can overrun a cap by being checked together before any of them starts.
/// </summary>
public sealed class InFlightGate(int maxInFlight, int maxPerPartition)
{
    private readonly object gate = new();
    private readonly Dictionary<string, int> byPartition = new(StringComparer.Ordinal);
    private int total;

    public int MaxInFlight => maxInFlight;

    /// <summary>Items in flight now.</summary>
    public int InFlight
    {
        get
        {
            lock (gate)
                return total;
        }
    }

    /// <summary>How many more items may start now, in all.</summary>
    public int Free
    {
        get
        {
            lock (gate)
                return maxInFlight - total;
        }
    }

    /// <summary>How many more items of <paramref name="partition"/> may start now (the smaller of both caps' room).</summary>
    public int RoomIn(string partition)
    {
        lock (gate)
            return Math.Max(0, Math.Min(maxInFlight - total, maxPerPartition - byPartition.GetValueOrDefault(partition)));
    }

    /// <summary>Admits one item of <paramref name="partition"/> (null: no partition) if both caps have room.</summary>
    public bool TryEnter(string? partition)
    {
        lock (gate)
        {
            if (total >= maxInFlight)
                return false;
            if (partition is not null)
            {
                var inPartition = byPartition.GetValueOrDefault(partition);
                if (inPartition >= maxPerPartition)
                    return false;
                byPartition[partition] = inPartition + 1;
            }
            total++;
            return true;
        }
    }

    /// <returns>True when the run was at its overall cap before this exit (a round waiting for room should run).</returns>
    public bool Exit(string? partition)
    {
        lock (gate)
        {
            var wasFull = total >= maxInFlight;
            total--;
            if (partition is not null && byPartition.TryGetValue(partition, out var count))
            {
                if (count <= 1)
                    byPartition.Remove(partition);
                else
                    byPartition[partition] = count - 1;
            }
            return wasFull || partition is not null;
        }
    }
}
