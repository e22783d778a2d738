namespace ClbWorker.Polling.SendBudget;

/// <summary>
/// Maps the database's clock, on which every send slot is planned, to this process's clock. Each reading of
/// the database clock comes with the local times just before and after the call; the reading from the
/// quickest recent call pins the offset to within half its round trip. Anchoring slots to "when my answer
/// arrived" instead would let one slow answer (a GC pause, a busy core) shift a whole reservation late and
/// crowd it against another process's slots.
/// </summary>
public sealed class DatabaseClock
{
    // Recent enough to follow drift between the two clocks, long enough to include a quick call.
    private static readonly TimeSpan SampleLifetime = TimeSpan.FromSeconds(30);
    // A reading can be off by up to half its round trip. A process starting on a starved thread pool once took a
    // reading that moved its first send slot 20 s late; clocks kept by NTP agree far better than a reading that
    // slow, so until a quicker one comes, database time is taken as local time.
    private static readonly TimeSpan MaxTrustedRoundTrip = TimeSpan.FromSeconds(1);
    private readonly object gate = new();
    private (DateTimeOffset TakenAt, TimeSpan RoundTrip, TimeSpan Offset)? best;

    /// <summary>Records one reading: <paramref name="databaseNow"/> was read between <paramref name="before"/> and <paramref name="after"/> (local).</summary>
    public void Observe(DateTimeOffset before, DateTimeOffset after, DateTimeOffset databaseNow)
    {
        var roundTrip = after - before;
        var offset = databaseNow - (before + roundTrip / 2);
        lock (gate)
        {
            if (best is not { } b || roundTrip <= b.RoundTrip || after - b.TakenAt > SampleLifetime)
                best = (after, roundTrip, offset);
        }
    }

    /// <summary>Drops the reading in use, so that the next slots are planned from fresh readings.</summary>
    public void Forget()
    {
        lock (gate)
            best = null;
    }

    /// <summary>The local time at which the database clock shows <paramref name="databaseTime"/>.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset databaseTime)
    {
        lock (gate)
            return databaseTime - (best is { } b && b.RoundTrip <= MaxTrustedRoundTrip ? b.Offset : TimeSpan.Zero);
    }

    /// <summary>Half the round trip of the reading in use: how far off a mapped time can be (unbounded before any reading).</summary>
    public TimeSpan Uncertainty
    {
        get
        {
            lock (gate)
                return best is { } b ? b.RoundTrip / 2 : TimeSpan.MaxValue;
        }
    }
}
