using ClbWorker.Simulator.Admin;

namespace ClbWorker.Simulator.Hosting;

/// <summary>Tells whoever started the simulator where it listens and which key pair to sign with.</summary>
internal static partial class StartupBanner
{
    public static void Register(WebApplication app, SimulatorState state)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ClbWorker.Simulator");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Listening(logger, string.Join(", ", app.Urls), AdminApi.Prefix);
            if (state.Credentials.UsesDevelopmentCredential)
                DevelopmentCredential(logger, SimulatorCredential.Development.SecretId, SimulatorCredential.Development.SecretKey);
            else
                ConfiguredCredentials(logger, string.Join(", ", state.SecretIds));
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "CLB Cloud API simulator listening on {Addresses} (POST /; admin routes under {AdminPrefix}/)")]
    private static partial void Listening(ILogger logger, string addresses, string adminPrefix);

    // The development pair is public and only opens this simulator, so printing the key is the point.
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No Simulator:Credentials configured; accepting the development pair SecretId={SecretId} SecretKey={SecretKey}")]
    private static partial void DevelopmentCredential(ILogger logger, string secretId, string secretKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepting SecretIds: {SecretIds}")]
    private static partial void ConfiguredCredentials(ILogger logger, string secretIds);
}
