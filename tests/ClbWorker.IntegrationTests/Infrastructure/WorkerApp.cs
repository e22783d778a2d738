using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The real ClbWorker application (Program.cs: database, Hangfire server, polling job, endpoints) hosted in the
/// test process. Settings are host settings, so they are in place before Program reads configuration. With
/// <paramref name="logs"/>, every log entry of every category and level also goes there; <paramref name="services"/>
/// changes the application's services after Program has registered them.
/// </summary>
public sealed class WorkerApp(IReadOnlyDictionary<string, string?> settings, CapturedLogs? logs = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The test keys first, so that a test's own settings can replace them.
        foreach (var (key, value) in TestApiKeys.Settings(":"))
            builder.UseSetting(key, value);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        if (logs is not null)
        {
            // A rule for this provider alone beats the category levels of appsettings.json.
            builder.ConfigureLogging(logging => logging.AddProvider(logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
        }
        if (services is not null)
            builder.ConfigureTestServices(services);
    }

    /// <summary>Serves the application with Kestrel on a free loopback port; <c>CreateClient()</c> then talks real HTTP to it.</summary>
    public WorkerApp Served()
    {
        UseKestrel(0);
        StartServer();
        return this;
    }
}
