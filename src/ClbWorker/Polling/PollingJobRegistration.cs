using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

/// <summary>Registers the recurring polling job at start-up and starts a run at once, not at the first tick.</summary>
internal sealed class PollingJobRegistration(IRecurringJobManager recurringJobs, IOptions<PollingOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurringJobs.AddOrUpdate<PollingJob>(PollingJob.RecurringJobId,
            job => job.RunAsync(CancellationToken.None), options.Value.Schedule);
        recurringJobs.Trigger(PollingJob.RecurringJobId);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
