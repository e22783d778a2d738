namespace ClbWorker.Polling;

/// <summary>Polling's own counts of one run (the engine counts rounds, claims and batches), for logs, tests and benchmarks. Thread-safe.</summary>
public sealed class PollingRunSummary
{
    private long sent, slotsMissed, applied, finished, invalidated, maxLatenessTicks;

    public long Sent => Interlocked.Read(ref sent);
    /// <summary>Requests not sent because they would have left too late for their slot (each task got a fresh slot).</summary>
    public long SlotsMissed => Interlocked.Read(ref slotsMissed);
    public long Applied => Interlocked.Read(ref applied);
    public long Finished => Interlocked.Read(ref finished);
    public long Invalidated => Interlocked.Read(ref invalidated);

    /// <summary>The latest any request left after its planned send slot (scheduling delay on this host).</summary>
    public TimeSpan MaxSendLateness => TimeSpan.FromTicks(Interlocked.Read(ref maxLatenessTicks));

    internal void CountSent() => Interlocked.Increment(ref sent);

    internal void CountSlotMissed() => Interlocked.Increment(ref slotsMissed);

    internal void AddInvalidated(int count) => Interlocked.Add(ref invalidated, count);

    internal void CountLateness(TimeSpan lateness)
    {
        var ticks = lateness.Ticks;
        var seen = Interlocked.Read(ref maxLatenessTicks);
        while (ticks > seen)
        {
            var previous = Interlocked.CompareExchange(ref maxLatenessTicks, ticks, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }

    internal void AddApplied(int count, int final)
    {
        Interlocked.Add(ref applied, count);
        Interlocked.Add(ref finished, final);
    }

    public override string ToString() =>
        $"sent={Sent} slots-missed={SlotsMissed} applied={Applied} finished={Finished} invalidated={Invalidated} max-send-lateness={MaxSendLateness.TotalMilliseconds:0.#}ms";
}
