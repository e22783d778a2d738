using ClbWorker.Api;
using ClbWorker.Dashboard;
using ClbWorker.Database;
using ClbWorker.Hosting;
using ClbWorker.Polling;
using ClbWorker.Tencent;
using ClbWorker.Webhooks;

if (PasswordHashCommand.TryRun(args, Console.In, Console.Out, Console.Error))
    return;

var builder = WebApplication.CreateBuilder(args);
await builder.AddClbDatabaseAsync();
await builder.AddTencentEndpointAsync();
builder.AddTencentClient();
builder.AddClbHangfire();
builder.AddPolling();
builder.AddWebhooks();
builder.AddDevelopmentWebhooks();
builder.AddApi();
builder.AddDashboard();
builder.AddStartBanner();

var app = builder.Build();
await app.MigrateClbDatabaseAsync();
app.MapHealthEndpoints();
app.MapDevelopmentWebhooks();
app.MapApi();
app.MapDashboard();
await app.RunAsync();

/// <summary>The entry point, public so that tests can host the application with WebApplicationFactory.</summary>
public partial class Program;
