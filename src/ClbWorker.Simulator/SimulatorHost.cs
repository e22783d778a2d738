using ClbWorker.Simulator.Admin;
using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Hosting;
using ClbWorker.Simulator.Metadata;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;

namespace ClbWorker.Simulator;

/// <summary>
/// Builds the simulator as a web application: standalone from command-line arguments, or embedded in a test or
/// the ClbWorker dev run with options in code. Start it with <c>StartAsync</c>, then read
/// <see cref="BaseAddress"/>; resolve <see cref="SimulatorState"/> from <c>Services</c> to arrange it in-process.
/// </summary>
public static class SimulatorHost
{
    /// <summary>Loopback on a free port chosen by the OS.</summary>
    public const string DefaultUrl = "http://127.0.0.1:0";

    // Per-request ASP.NET Core logs would drown a benchmark; lowest precedence, so configuration can raise them.
    private static readonly Dictionary<string, string?> LoggingDefaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>
    /// The standalone form: configuration from <paramref name="args"/>, environment variables and appsettings
    /// files, with <see cref="SimulatorOptions"/> bound from the <c>Simulator</c> section (unknown keys are errors)
    /// and URLs from <c>--urls</c>.
    /// </summary>
    /// <exception cref="OptionsValidationException">A setting is out of range; each failure names its key.</exception>
    public static WebApplication Build(string[] args, TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults });
        var options = new SimulatorOptions();
        builder.Configuration.GetSection(SimulatorOptions.SectionName).Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        return Build(builder, options, timeProvider);
    }

    /// <summary>
    /// The embedded form: <paramref name="options"/> as given, listening on <paramref name="url"/>, isolated from
    /// the host process's configuration (its appsettings cannot add endpoints or change these options).
    /// </summary>
    /// <param name="timeProvider">The clock for signatures, rate limits, task delays and faults; a FakeTimeProvider in tests.</param>
    /// <exception cref="OptionsValidationException">A setting is out of range; each failure names its key.</exception>
    public static WebApplication Build(SimulatorOptions options, string url = DefaultUrl, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(LoggingDefaults);
        // The host it is embedded in says when the application has started; the simulator's own "Application started"
        // printed before it would be read as the host's.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning")]);
        builder.WebHost.UseUrls(url);
        return Build(builder, options, timeProvider);
    }

    /// <summary>The address the started simulator actually listens on, e.g. <c>http://127.0.0.1:49152/</c>.</summary>
    /// <exception cref="InvalidOperationException">The application has not been started, so no port is bound yet.</exception>
    public static Uri BaseAddress(WebApplication startedApp)
    {
        ArgumentNullException.ThrowIfNull(startedApp);
        var addresses = startedApp.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault();
        if (address is null || address.EndsWith(":0", StringComparison.Ordinal))
            throw new InvalidOperationException("The simulator has no bound address yet; await StartAsync() before asking for BaseAddress.");
        return new Uri(ConnectableAddress.From(address));
    }

    private static WebApplication Build(WebApplicationBuilder builder, SimulatorOptions options, TimeProvider? timeProvider)
    {
        var validation = new SimulatorOptionsValidator().Validate(Options.DefaultName, options);
        if (validation.Failed)
            throw new OptionsValidationException(SimulatorOptions.SectionName, typeof(SimulatorOptions), validation.Failures);

        // Deliberately not registered as the container's TimeProvider: Kestrel must keep real time when tests fake it.
        var state = new SimulatorState(options, timeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton(state);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => AdminJson.Configure(json.SerializerOptions));

        var app = builder.Build();
        app.MapCloudApi();
        app.MapMetadata();
        app.MapSimulatorAdmin();
        StartupBanner.Register(app, state);
        if (state.Arrivals is { } arrivals)
            app.Lifetime.ApplicationStopped.Register(arrivals.Dispose);
        return app;
    }
}
