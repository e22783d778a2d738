using System.Net;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

/// <summary>
/// A host wired as the worker wires it (<c>AddWebhookSender</c>), with configuration, clock, environment and
/// name resolution chosen by the test. Its sockets go through <see cref="LoopbackOnlyConnections"/>.
/// </summary>
internal sealed class WebhookSenderHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WebhookSenderHost(IHost host, LoopbackOnlyConnections connections)
    {
        _host = host;
        Connections = connections;
    }

    public WebhookSender Sender => _host.Services.GetRequiredService<WebhookSender>();

    public WebhookOptions Options => _host.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;

    public LoopbackOnlyConnections Connections { get; }

    public static async Task<WebhookSenderHost> StartAsync(
        Dictionary<string, string?> configuration, CancellationToken ct, TimeProvider? time = null,
        Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, string environment = "Production")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
            builder.Services.AddSingleton(time);
        var connections = new LoopbackOnlyConnections();
        // Registered first, so AddWebhookSender keeps it: the real policy, a chosen resolver, the test's sockets.
        builder.Services.AddSingleton(sp => new WebhookConnector(
            sp.GetRequiredService<SsrfAddressPolicy>(), resolve ?? Dns.GetHostAddressesAsync, connections.ConnectAsync));
        builder.AddWebhookSender();
        var host = builder.Build();
        await host.StartAsync(ct);
        return new WebhookSenderHost(host, connections);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
