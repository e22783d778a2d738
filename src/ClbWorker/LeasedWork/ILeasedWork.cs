namespace ClbWorker.LeasedWork;

/// <summary>
/// A capability the leased-work engine drives (polling, webhook delivery): what it claims, how it starts each item,
/// and how it writes results. The engine owns the loop, the concurrency caps, the batched writes, the drain on
/// shutdown and the Hangfire jobs; the capability owns only its rules.
/// </summary>
/// <typeparam name="TOutcome">What one finished item hands to the batch writer.</typeparam>
public interface ILeasedWork<TOutcome>
{
    /// <summary>Short name: the recurring job ids are <c>clb-{Kind}:{server queue}</c> (for example <c>clb-poll:...</c>).</summary>
    string Kind { get; }

    /// <summary>What the logs call a run ("Polling", "Webhook delivery").</summary>
    string Title { get; }

    /// <summary>The NOTIFY channel that announces new work (see <see cref="Database.ClbSchema"/>).</summary>
    string WakeChannel { get; }

    ILeasedWorkOptions Options { get; }

    /// <summary>Items one process keeps in flight at most.</summary>
    int MaxInFlight { get; }

    /// <summary>Items one process keeps in flight per partition (a receiving host) at most; <see cref="int.MaxValue"/> for no such cap.</summary>
    int MaxInFlightPerPartition { get; }

    /// <summary>The capability's state for one run, which lives as long as the run.</summary>
    ILeasedWorkRound<TOutcome> BeginRun(LeasedWorkRun<TOutcome> run);
}

/// <summary>One run of a capability: its rounds, its batch writes, and what it hands back when the run stops.</summary>
public interface ILeasedWorkRound<TOutcome>
{
    /// <summary>
    /// Claims what the run has room for and starts each item through <see cref="LeasedWorkRun{TOutcome}.TryStart"/>.
    /// An exception is logged and the round tried again after the idle interval (nothing is lost: leases expire).
    /// </summary>
    Task<RoundResult> RunOnceAsync(CancellationToken stopClaiming);

    /// <summary>
    /// Writes one batch of outcomes in one transaction. A failure is retried with the whole batch, so nothing may
    /// take effect unless the transaction commits (logs and metrics come after the commit).
    /// </summary>
    Task WriteAsync(IReadOnlyList<TOutcome> batch, CancellationToken ct);

    /// <summary>The run stops claiming: publish what hands back every item claimed but never started.</summary>
    void HandBack();

    /// <summary>The run's own counts, for the end-of-run log line.</summary>
    string Describe();
}
