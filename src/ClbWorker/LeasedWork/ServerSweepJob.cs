using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace ClbWorker.LeasedWork;

/// <summary>
/// Removes what dead processes left in Hangfire: the recurring jobs of server queues no live server reads, and the
/// runs they enqueued there, which nobody would ever fetch. Hangfire drops a server whose heartbeat stopped after
/// its server timeout (see HangfireSetup); a dead process's rows in our tables need nothing (their leases expire).
/// Safe to run twice and on any server.
/// </summary>
public sealed class ServerSweepJob(JobStorage storage, IRecurringJobManager recurringJobs, IBackgroundJobClient jobs, ILogger<ServerSweepJob> logger)
{
    public const string RecurringJobId = "clb-server-sweep";
    public const string Schedule = "0 * * * * *";

    // A dead queue holds a run every Schedule tick until its recurring job goes: a few dozen at most.
    private const int MaxRemovedPerQueue = 1000;
    private static readonly TimeSpan FetchWait = TimeSpan.FromSeconds(5);

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(CancellationToken cancellationToken)
    {
        var monitoring = storage.GetMonitoringApi();
        var live = monitoring.Servers().SelectMany(s => s.Queues ?? []).ToHashSet(StringComparer.Ordinal);
        using var connection = storage.GetConnection();

        foreach (var id in connection.GetAllItemsFromSet("recurring-jobs"))
        {
            if (LeasedWorkJob.QueueOf(id) is { } queue && !live.Contains(queue))
            {
                recurringJobs.RemoveIfExists(id);
                logger.LogInformation("Removed recurring job {JobId}: no live server reads queue {Queue}", id, queue);
            }
        }

        foreach (var queue in monitoring.Queues().Select(q => q.Name).Where(q => ServerQueueName.IsServerQueue(q) && !live.Contains(q)))
        {
            var removed = 0;
            while (removed < MaxRemovedPerQueue && monitoring.EnqueuedCount(queue) > 0)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(FetchWait);
                using var fetched = connection.FetchNextJob([queue], wait.Token);
                jobs.Delete(fetched.JobId);
                fetched.RemoveFromQueue();
                removed++;
            }
            logger.LogInformation("Removed {Count} runs left in queue {Queue} by a server that is gone", removed, queue);
        }
        return Task.CompletedTask;
    }
}
