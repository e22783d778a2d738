using ClbWorker.LeasedWork;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.Webhooks;

public static class WebhookSetup
{
    /// <summary>Signed, durable webhook notifications: the sender, the outbox stores, and delivery on the leased-work engine.</summary>
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.AddWebhookSender();
        var services = builder.Services;
        services.AddSingleton<WebhookEndpointStore>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryLogStore>();
        services.AddSingleton<DeliveryDependencies>();
        services.AddLeasedWork<DeliveryWork, DeliveryOutcome>();
        services.AddHostedService<WebhookStartup>();
        return builder;
    }
}
