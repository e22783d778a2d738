namespace ClbWorker.Polling;

/// <summary>Counts of one polling run, for logs, tests and benchmarks. Thread-safe.</summary>
public sealed class PollingRunSummary
{
    private long rounds, claimed, sent, applied, finished, invalidated;

    public long Rounds => Interlocked.Read(ref rounds);
    public long Claimed => Interlocked.Read(ref claimed);
    public long Sent => Interlocked.Read(ref sent);
    public long Applied => Interlocked.Read(ref applied);
    public long Finished => Interlocked.Read(ref finished);
    public long Invalidated => Interlocked.Read(ref invalidated);

    internal void AddRound(RoundResult round)
    {
        Interlocked.Increment(ref rounds);
        Interlocked.Add(ref claimed, round.Claimed);
        Interlocked.Add(ref invalidated, round.Invalidated);
    }

    internal void CountSent() => Interlocked.Increment(ref sent);

    internal void AddApplied(int count, int final)
    {
        Interlocked.Add(ref applied, count);
        Interlocked.Add(ref finished, final);
    }

    public override string ToString() =>
        $"rounds={Rounds} claimed={Claimed} sent={Sent} applied={Applied} finished={Finished} invalidated={Invalidated}";
}
