using ClbWorker.Database;
using ClbWorker.LeasedWork;

namespace ClbWorker.Polling;

/// <summary>
/// Polling on the leased-work engine: what is polling's own is the rounds (due keys, claims, send slots from the
/// shared budget, account pauses), the request itself and its classification, and how results are written.
/// </summary>
public sealed class PollingWork(PollingDependencies deps) : ILeasedWork<PollOutcome>
{
    public const string KindName = "poll";

    public string Kind => KindName;

    public string Title => "Polling";

    public string WakeChannel => ClbSchema.TasksEnqueuedChannel;

    public ILeasedWorkOptions Options => deps.Options.Value;

    public int MaxInFlight => deps.Options.Value.MaxConcurrentRequests;

    public int MaxInFlightPerPartition => int.MaxValue;

    public ILeasedWorkRound<PollOutcome> BeginRun(LeasedWorkRun<PollOutcome> run) => new PollingRound(deps, run);
}
