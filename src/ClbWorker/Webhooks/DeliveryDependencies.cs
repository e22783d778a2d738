using ClbWorker.Observability;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks;

/// <summary>The services a delivery run works with.</summary>
public sealed record DeliveryDependencies(
    IOptions<WebhookOptions> Options,
    DeliveryStore Store,
    WebhookSender Sender,
    DeliveryRetryPolicy RetryPolicy,
    ClbMetrics Metrics,
    TimeProvider Time,
    ILogger<DeliveryDependencies> Logger);
