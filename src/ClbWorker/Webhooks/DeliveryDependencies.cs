using ClbWorker.Database;
using ClbWorker.Observability;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks;

/// <summary>The services one delivery run works with.</summary>
public sealed record DeliveryDependencies(
    IOptions<WebhookOptions> Options,
    DeliveryStore Store,
    WebhookSender Sender,
    DeliveryRetryPolicy RetryPolicy,
    NotificationListener Listener,
    ClbMetrics Metrics,
    TimeProvider Time,
    ILogger<DeliveryDependencies> Logger);
