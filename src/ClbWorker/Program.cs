using ClbWorker.Api;
using ClbWorker.Database;
using ClbWorker.Hosting;
using ClbWorker.Observability;
using ClbWorker.Polling;
using ClbWorker.Tencent;
using ClbWorker.Webhooks;

var builder = WebApplication.CreateBuilder(args);
await builder.AddClbDatabaseAsync();
await builder.AddTencentEndpointAsync();
builder.AddTencentClient();
builder.AddClbHangfire();
builder.AddPolling();
builder.AddWebhooks();
builder.AddDevelopmentWebhooks();
builder.AddApi();
builder.AddObservability();
builder.AddStartBanner();

var app = builder.Build();
await app.MigrateClbDatabaseAsync();
app.MapObservability();
app.MapDevelopmentWebhooks();
app.MapApi();
await app.RunAsync();

/// <summary>The entry point, public so that tests can host the application with WebApplicationFactory.</summary>
public partial class Program;
