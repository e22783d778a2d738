using ClbWorker.Database;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks;

/// <summary>The services one delivery run works with.</summary>
public sealed record DeliveryDependencies(
    IOptions<WebhookOptions> Options,
    DeliveryStore Store,
    WebhookSender Sender,
    DeliveryRetryPolicy RetryPolicy,
    NotificationListener Listener,
    TimeProvider Time,
    ILogger<DeliveryDependencies> Logger);
