using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ClbWorker.WebhookReceiver;

/// <summary>
/// A small receiver for ClbWorker's signed notifications, for demos and for checking a deployment end to end:
/// standalone from command-line arguments and the environment, or embedded in a test with options in code.
/// </summary>
public static class ReceiverHost
{
    /// <summary>The standalone form: <see cref="ReceiverOptions"/> from the <c>Receiver</c> section (unknown keys are errors).</summary>
    /// <exception cref="OptionsValidationException">A setting is wrong; each failure names its key.</exception>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = new ReceiverOptions();
        builder.Configuration.GetSection(ReceiverOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return Build(builder, options, TimeProvider.System);
    }

    /// <summary>The embedded form, listening on <paramref name="url"/> (port 0: any free one, see <see cref="BaseAddress"/>).</summary>
    public static WebApplication Build(ReceiverOptions options, string url, TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ReceiverHost).Assembly.GetName().Name });
        // Isolated from the host process's configuration; UseUrls below needs a source to write to.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(url);
        return Build(builder, options, time ?? TimeProvider.System);
    }

    /// <summary>Where the started receiver listens, e.g. <c>http://127.0.0.1:49152/</c>.</summary>
    public static Uri BaseAddress(WebApplication startedApp)
    {
        ArgumentNullException.ThrowIfNull(startedApp);
        var addresses = startedApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new Uri(addresses.FirstOrDefault() ?? throw new InvalidOperationException("The receiver is not started yet."));
    }

    private static WebApplication Build(WebApplicationBuilder builder, ReceiverOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = ReceiverOptionsValidator.Validate(options);
        if (errors.Count > 0)
            throw new OptionsValidationException(ReceiverOptions.SectionName, typeof(ReceiverOptions), errors);

        IReadOnlyList<SigningKey> keys = [.. options.Secrets.Select(secret => SigningKey.TryParse(secret, out var key, out _) ? key : null!)];
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(new ReceivedWebhooks(options.Kept, options.RecordFile is { } file ? new ReceiptLog(file) : null));
        builder.Services.AddSingleton(time);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        app.MapReceiver(options);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClbWorker.WebhookReceiver");
        app.Lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "Webhook receiver listening on {Addresses}: POST {Path} verifies with {Count} secret(s), GET {Path} lists the latest",
            string.Join(", ", app.Urls), options.Path, keys.Count, options.Path));
        return app;
    }
}
