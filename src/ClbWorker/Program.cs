using ClbWorker.Api;
using ClbWorker.Dashboard;
using ClbWorker.Dashboard.Access;
using ClbWorker.Database;
using ClbWorker.Development;
using ClbWorker.Events;
using ClbWorker.HealthProbe;
using ClbWorker.Hosting;
using ClbWorker.Hosting.Configuration;
using ClbWorker.Observability;
using ClbWorker.Polling;
using ClbWorker.Retention;
using ClbWorker.Tencent;
using ClbWorker.Webhooks;

if (await HealthProbeCommand.TryRunAsync(args, Console.Error))
    return;
if (PasswordHashCommand.TryRun(args, Console.In, Console.Out, Console.Error))
    return;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddSecretFiles();
    builder.CheckConfiguration();
    await builder.AddClbDatabaseAsync();
    await builder.AddDevelopmentRunAsync();
    builder.RequireTencentCredentials();
    builder.AddTencentClient();
    builder.AddClbHangfire();
    builder.AddPolling();
    builder.AddWebhooks();
    builder.AddRetention();
    builder.AddTaskEvents();
    builder.AddApi();
    builder.AddObservability();
    builder.AddDashboard();

    var app = builder.Build().CheckOptions();
    await app.MigrateClbDatabaseAsync();
    app.MapObservability();
    app.MapDevelopmentRun();
    app.MapApi();
    app.MapDashboard();
    await app.RunAsync();
}
catch (Exception error) when (ConfigurationErrorReport.For(error) is { } report)
{
    report.WriteTo(Console.Error);
    Environment.ExitCode = ConfigurationErrorReport.ExitCode;
}

/// <summary>The entry point, public so that tests can host the application with WebApplicationFactory.</summary>
public partial class Program;
