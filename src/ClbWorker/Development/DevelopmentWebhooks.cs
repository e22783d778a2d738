using ClbWorker.Hosting;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.Development;

/// <summary>
/// The dev run's own webhook receiver, so a new user sees signed notifications arrive with nothing configured:
/// secrets are made up for the run, and unless endpoints are configured one named <c>dev-receiver</c> points at
/// <c>/dev/webhooks</c> on this very process.
/// </summary>
public static class DevelopmentWebhooks
{
    public const string Path = "/dev/webhooks";
    private const string EndpointName = "dev-receiver";

    internal static WebApplicationBuilder AddDevelopmentWebhooks(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(WebhookOptions.Section);
        var settings = new Dictionary<string, string?>();
        if (string.IsNullOrEmpty(section[nameof(WebhookOptions.SigningSecret)]))
            settings["Webhooks:SigningSecret"] = WebhookSecret.Generate().Reveal();
        if (!section.GetSection(nameof(WebhookOptions.Endpoints)).GetChildren().Any())
        {
            var self = (builder.Configuration["urls"] ?? "http://localhost:5000").Split(';')[0].TrimEnd('/');
            settings[$"Webhooks:Endpoints:{EndpointName}:Url"] = self.Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal) + Path;
            settings[$"Webhooks:Endpoints:{EndpointName}:Secret"] = WebhookSecret.Generate().Reveal();
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<DevelopmentWebhookReceiver>();
        builder.Services.AddSingleton(new StartBannerLine(50, "Webhook receiver", Path, "notifications of this run arrive here; GET lists them"));
        return builder;
    }

    internal static WebApplication MapDevelopmentWebhooks(this WebApplication app)
    {
        if (app.Services.GetService<DevelopmentWebhookReceiver>() is not { } receiver)
            return app;
        app.MapPost(Path, receiver.ReceiveAsync).ExcludeFromDescription();
        app.MapGet(Path, receiver.Recent).ExcludeFromDescription();
        return app;
    }
}
