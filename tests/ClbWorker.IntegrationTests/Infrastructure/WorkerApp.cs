using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The real ClbWorker application (Program.cs: database, Hangfire server, polling job, endpoints) hosted in the
/// test process. Settings are host settings, so they are in place before Program reads configuration.
/// </summary>
public sealed class WorkerApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // The test keys first, so that a test's own settings can replace them.
        foreach (var (key, value) in TestApiKeys.Settings(":"))
            builder.UseSetting(key, value);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }
}
