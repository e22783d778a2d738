using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Retention;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClbWorker.IntegrationTests.Retention;

/// <summary>The retention job as the application wires it: registered in Hangfire, removed when disabled, deleting old history.</summary>
public sealed class RetentionJobTests(PostgresServer server)
{
    [Fact(Timeout = 120_000)]
    public async Task The_application_registers_the_retention_job_with_its_schedule_and_removes_it_when_disabled()
    {
        await using var world = await PollingWorld.StartAsync(server);

        var enabled = world.StartWorker(("Retention:Schedule", "5 * * * *"));
        var registered = RecurringJobs(enabled).SingleOrDefault(job => job.Id == RetentionJob.RecurringJobId);
        await enabled.DisposeAsync();
        var disabled = world.StartWorker(("Retention:Enabled", "false"));

        Assert.NotNull(registered);
        Assert.Equal("5 * * * *", registered.Cron);
        Assert.DoesNotContain(RecurringJobs(disabled), job => job.Id == RetentionJob.RecurringJobId);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_job_deletes_history_older_than_the_configured_age()
    {
        await using var world = await PollingWorld.StartAsync(server);
        var worker = world.StartWorker(("Retention:TaskAge", "10.00:00:00"));
        await using var dataSource = NpgsqlDataSource.Create(world.ConnectionString);
        var history = new History(dataSource);
        var old = await history.TaskAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(11));
        await history.DeliveryAsync(old, "delivered", attempts: 1);
        var young = await history.TaskAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(9));

        await worker.Services.GetRequiredService<RetentionJob>().RunAsync(TestContext.Current.CancellationToken);

        Assert.False(await history.TaskExistsAsync(old));
        Assert.True(await history.TaskExistsAsync(young));
    }

    private static List<RecurringJobDto> RecurringJobs(WorkerApp worker)
    {
        using var connection = worker.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetRecurringJobs();
    }
}
