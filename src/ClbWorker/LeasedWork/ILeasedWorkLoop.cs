namespace ClbWorker.LeasedWork;

/// <summary>The loop of one capability in this process, as the Hangfire job sees it.</summary>
public interface ILeasedWorkLoop
{
    /// <summary>See <see cref="ILeasedWork{TOutcome}.Kind"/>.</summary>
    string Kind { get; }

    /// <summary>The capability's hand-over settings (job duration, schedule).</summary>
    ILeasedWorkOptions Options { get; }

    /// <summary>
    /// Works for <see cref="ILeasedWorkOptions.JobDuration"/> (less if the process stops).
    /// </summary>
    /// <returns>False at once when a run is already active in this process.</returns>
    Task<bool> RunAsync(CancellationToken ct);
}
