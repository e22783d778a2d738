namespace ClbWorker.LeasedWork;

/// <summary>The engine's counts of one run, for the end-of-run log line, tests and benchmarks. Thread-safe.</summary>
public sealed class LeasedWorkSummary
{
    private long rounds, failedRounds, claimed, started, batches, abandoned;

    public long Rounds => Interlocked.Read(ref rounds);
    public long FailedRounds => Interlocked.Read(ref failedRounds);
    public long Claimed => Interlocked.Read(ref claimed);
    public long Started => Interlocked.Read(ref started);
    public long Batches => Interlocked.Read(ref batches);
    /// <summary>Outcomes whose batch could not be written (their rows are worked again after the lease).</summary>
    public long Abandoned => Interlocked.Read(ref abandoned);

    internal void AddRound(RoundResult round)
    {
        Interlocked.Increment(ref rounds);
        Interlocked.Add(ref claimed, round.Claimed);
    }

    internal void CountFailedRound() => Interlocked.Increment(ref failedRounds);

    internal void CountStarted() => Interlocked.Increment(ref started);

    internal void AddWrites(long batchCount, long abandonedCount)
    {
        Interlocked.Add(ref batches, batchCount);
        Interlocked.Add(ref abandoned, abandonedCount);
    }

    public override string ToString() =>
        $"rounds={Rounds} failed-rounds={FailedRounds} claimed={Claimed} started={Started} batches={Batches} abandoned={Abandoned}";
}
