using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClbWorker.LeasedWork;

/// <summary>
/// At start-up, gives this process a recurring job per capability on its own queue (<see cref="ServerQueueName"/>) and
/// starts each at once; on a graceful stop, removes them again. A process that dies leaves its jobs behind for
/// <see cref="ServerSweepJob"/> to remove once Hangfire has seen its server gone.
/// </summary>
internal sealed class LeasedWorkJobRegistration(
    IEnumerable<ILeasedWorkLoop> loops, IRecurringJobManager recurringJobs, ServerQueueName queue,
    ILogger<LeasedWorkJobRegistration> logger) : IHostedService
{
    // One job per capability for the whole cluster, as earlier versions registered them: replaced by one per server.
    private static readonly string[] SharedJobIds = ["clb-poll", "clb-webhooks"];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var id in SharedJobIds)
            recurringJobs.RemoveIfExists(id);
        foreach (var loop in loops)
        {
            var kind = loop.Kind;
            var id = LeasedWorkJob.RecurringJobId(kind, queue.Name);
            recurringJobs.AddOrUpdate<LeasedWorkJob>(id, queue.Name, job => job.RunAsync(kind, CancellationToken.None), loop.Options.Schedule);
            recurringJobs.Trigger(id);
        }
        recurringJobs.AddOrUpdate<ServerSweepJob>(ServerSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None),
            ServerSweepJob.Schedule);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var loop in loops)
                recurringJobs.RemoveIfExists(LeasedWorkJob.RecurringJobId(loop.Kind, queue.Name));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may be gone already; the server sweep removes them once Hangfire sees this server gone.
            logger.LogWarning(ex, "Could not remove this process's recurring jobs on queue {Queue}; the server sweep will", queue.Name);
        }
        return Task.CompletedTask;
    }
}
