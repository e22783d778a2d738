using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.LeasedWork;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.LeasedWork;

/// <summary>What a process that died leaves in Hangfire is removed once no live server reads its queue.</summary>
public sealed class ServerSweepTests(PostgresServer server)
{
    [Fact]
    public async Task The_sweep_removes_a_dead_servers_recurring_jobs_and_queued_runs_and_keeps_the_live_ones()
    {
        await using var world = await PollingWorld.StartAsync(server);
        var worker = world.StartWorker();
        var services = worker.Services;
        var own = services.GetRequiredService<ServerQueueName>().Name;
        var storage = services.GetRequiredService<JobStorage>();
        var recurring = services.GetRequiredService<IRecurringJobManager>();
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        const string Dead = "clb-gone-4242-abcdef";
        recurring.AddOrUpdate<LeasedWorkJob>(LeasedWorkJob.RecurringJobId("poll", Dead), Dead, job => job.RunAsync("poll", CancellationToken.None), "*/15 * * * * *");
        jobs.Enqueue<LeasedWorkJob>(Dead, job => job.RunAsync("poll", CancellationToken.None));
        jobs.Enqueue<LeasedWorkJob>(Dead, job => job.RunAsync("poll", CancellationToken.None));

        await services.GetRequiredService<ServerSweepJob>().RunAsync(TestContext.Current.CancellationToken);

        using var connection = storage.GetConnection();
        var ids = connection.GetAllItemsFromSet("recurring-jobs");
        Assert.DoesNotContain(LeasedWorkJob.RecurringJobId("poll", Dead), ids);
        Assert.Contains(LeasedWorkJob.RecurringJobId("poll", own), ids);
        Assert.Contains(LeasedWorkJob.RecurringJobId("webhooks", own), ids);
        Assert.Equal(0, storage.GetMonitoringApi().EnqueuedCount(Dead));
    }
}
