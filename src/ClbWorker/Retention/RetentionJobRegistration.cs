using Hangfire;
using Microsoft.Extensions.Options;

namespace ClbWorker.Retention;

/// <summary>Registers <c>clb-retention</c> at start-up, or removes it when retention is disabled.</summary>
internal sealed class RetentionJobRegistration(IRecurringJobManager recurringJobs, IOptions<RetentionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
            recurringJobs.AddOrUpdate<RetentionJob>(RetentionJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), options.Value.Schedule);
        else
            recurringJobs.RemoveIfExists(RetentionJob.RecurringJobId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
