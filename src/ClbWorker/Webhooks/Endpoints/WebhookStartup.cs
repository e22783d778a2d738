using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks.Endpoints;

/// <summary>At start-up: brings the configured endpoints into the table.</summary>
internal sealed class WebhookStartup(
    WebhookEndpointStore endpoints,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var sync = await endpoints.SyncConfiguredAsync(options.Value.Endpoints, options.Value.SecretRotationOverlap, time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Configured webhook endpoints: {Summary}", sync);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
