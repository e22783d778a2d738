using Hangfire;

namespace ClbWorker.LeasedWork;

/// <summary>
/// The Hangfire job that drives one capability's loop in the process whose queue it runs on. Each run works for
/// <see cref="ILeasedWorkOptions.JobDuration"/> and enqueues its successor on the same queue, so the loop never
/// pauses; the per-server recurring job restarts the chain if a run ends without one. Takes only the capability's
/// kind and is safe to run twice: a second run in a busy process returns at once.
/// </summary>
public sealed class LeasedWorkJob(IEnumerable<ILeasedWorkLoop> loops, IBackgroundJobClient jobs, ServerQueueName queue)
{
    /// <summary>The recurring job of <paramref name="kind"/> on <paramref name="serverQueue"/>: <c>clb-poll:clb-host-42-a1b2c3</c>.</summary>
    public static string RecurringJobId(string kind, string serverQueue) => $"clb-{kind}:{serverQueue}";

    /// <returns>The server queue a recurring job id of <see cref="RecurringJobId"/>'s shape names, or null for any other id.</returns>
    public static string? QueueOf(string recurringJobId) =>
        recurringJobId.StartsWith("clb-", StringComparison.Ordinal) && recurringJobId.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon
            && ServerQueueName.IsServerQueue(recurringJobId[(colon + 1)..])
            ? recurringJobId[(colon + 1)..]
            : null;

    // Retrying a run is pointless: the schedule starts another within seconds.
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(string kind, CancellationToken cancellationToken)
    {
        var loop = loops.SingleOrDefault(l => l.Kind == kind)
            ?? throw new InvalidOperationException($"No leased-work loop of kind '{kind}'; known: {string.Join(", ", loops.Select(l => l.Kind))}.");
        if (await loop.RunAsync(cancellationToken) && !cancellationToken.IsCancellationRequested)
            jobs.Enqueue<LeasedWorkJob>(queue.Name, job => job.RunAsync(kind, CancellationToken.None));
    }
}
