using Hangfire;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks;

/// <summary>At start-up: brings the configured endpoints into the table, then starts the delivery job.</summary>
internal sealed class WebhookStartup(
    WebhookEndpointStore endpoints,
    IOptions<WebhookOptions> options,
    IRecurringJobManager recurringJobs,
    TimeProvider time,
    ILogger<WebhookStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sync = await endpoints.SyncConfiguredAsync(options.Value.Endpoints, options.Value.SecretRotationOverlap, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Configured webhook endpoints: {Summary}", sync);
        recurringJobs.AddOrUpdate<DeliveryJob>(DeliveryJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), DeliveryJob.Schedule);
        recurringJobs.Trigger(DeliveryJob.RecurringJobId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
