using ClbWorker.Tencent;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClbWorker.IntegrationTests.Tencent;

/// <summary>A host wired exactly as the worker wires it (<c>AddTencentClient</c>), with configuration and clock chosen by the test.</summary>
internal sealed class TencentClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private TencentClientHost(IHost host) => _host = host;

    public ClbApiClient Client => _host.Services.GetRequiredService<ClbApiClient>();

    public TencentAccounts Accounts => _host.Services.GetRequiredService<TencentAccounts>();

    public TencentAccount DefaultAccount => Accounts.TryGet(TencentAccounts.DefaultName, out var account)
        ? account
        : throw new InvalidOperationException("The default account is always registered.");

    public static async Task<TencentClientHost> StartAsync(
        Dictionary<string, string?> configuration, TimeProvider? time, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        if (time is not null)
            builder.Services.AddSingleton(time);
        builder.AddTencentClient();
        var host = builder.Build();
        await host.StartAsync(ct);
        return new TencentClientHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
