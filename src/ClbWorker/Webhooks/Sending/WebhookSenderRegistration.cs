using ClbWorker.Webhooks.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks.Sending;

public static class WebhookSenderRegistration
{
    /// <summary>
    /// Binds and validates (on start) the <c>Webhooks</c> section, and registers the
    /// <see cref="SsrfAddressPolicy"/>, <see cref="WebhookUrlPolicy"/>, <see cref="WebhookConnector"/>,
    /// <see cref="DeliveryRetryPolicy"/>, <see cref="TimeProvider.System"/> unless a TimeProvider is already
    /// registered, and the typed <see cref="WebhookSender"/> with its guarded handler. In the Development
    /// environment <see cref="WebhookOptions.AllowPrivateNetworks"/> defaults to true, so local receivers
    /// work, unless <c>Webhooks:AllowPrivateNetworks</c> is configured.
    /// </summary>
    public static TBuilder AddWebhookSender<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.Section))
            .ValidateOnStart();
        if (builder.Environment.IsDevelopment())
        {
            // Looked up when the options are built, so configuration added after this call counts too.
            services.PostConfigure<WebhookOptions>(options =>
            {
                if (configuration.GetSection(WebhookOptions.Section)[nameof(WebhookOptions.AllowPrivateNetworks)] is null)
                    options.AllowPrivateNetworks = true;
            });
        }
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => SsrfAddressPolicy.FromOptions(OptionsOf(sp)));
        services.TryAddSingleton(sp => new WebhookUrlPolicy(sp.GetRequiredService<SsrfAddressPolicy>()));
        services.TryAddSingleton(sp => new WebhookConnector(sp.GetRequiredService<SsrfAddressPolicy>()));
        services.TryAddSingleton(sp => new DeliveryRetryPolicy(OptionsOf(sp)));

        services.AddHttpClient<WebhookSender>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => WebhookHttpHandler.Create(OptionsOf(sp), sp.GetRequiredService<WebhookConnector>()));
        return builder;
    }

    private static WebhookOptions OptionsOf(IServiceProvider services) => services.GetRequiredService<IOptions<WebhookOptions>>().Value;
}
