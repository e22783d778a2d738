namespace ClbWorker.LeasedWork;

/// <summary>
/// The settings every leased-work capability has, under the same names in its own section (<c>Polling</c>,
/// <c>Webhooks</c>), so that both loops behave alike on leases, rounds, hand-overs and shutdown.
/// </summary>
public interface ILeasedWorkOptions
{
    /// <summary>How long a claimed row stays reserved for its process; a crashed process's rows come back after it.</summary>
    TimeSpan LeaseDuration { get; }

    /// <summary>On shutdown, how long work already started may take before it is cut off and its rows handed back.</summary>
    TimeSpan ShutdownGrace { get; }

    /// <summary>With nothing due, how often the table is checked when no NOTIFY arrives.</summary>
    TimeSpan IdleCheckInterval { get; }

    /// <summary>How long one run of the Hangfire job works before it hands over to its successor.</summary>
    TimeSpan JobDuration { get; }

    /// <summary>Cron (with seconds) of the recurring Hangfire job that restarts a run that ended without a successor.</summary>
    string Schedule { get; }
}
