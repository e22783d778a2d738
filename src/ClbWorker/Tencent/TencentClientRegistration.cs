using ClbWorker.Tencent.Client;
using ClbWorker.Tencent.Credentials;
using ClbWorker.Tencent.Credentials.Temporary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClbWorker.Tencent;

public static class TencentClientRegistration
{
    /// <summary>Connection attempts give up after this; short, because a refused or black-holed endpoint should show quickly.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Pooled connections are renewed this often so DNS changes of the Tencent endpoints are picked up.</summary>
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Binds and validates (on start) the <c>Tencent</c> section, and registers <see cref="TencentAccounts"/>,
    /// <see cref="ClbRegions"/>, <see cref="TimeProvider.System"/> unless a TimeProvider is already registered,
    /// the credential sources of the accounts (<see cref="ITencentCredentials"/>) and the typed <see cref="ClbApiClient"/>.
    /// </summary>
    public static TBuilder AddTencentClient<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<TencentOptions>()
            .Bind(builder.Configuration.GetSection(TencentOptions.SectionName))
            .ValidateOnStart();
        services.TryAddSingleton(sp => CredentialEnvironment.From(sp.GetRequiredService<IConfiguration>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TencentOptions>, TencentOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => TencentAccounts.FromOptions(sp.GetRequiredService<IOptions<TencentOptions>>().Value));
        services.TryAddSingleton(sp => ClbRegions.FromOptions(sp.GetRequiredService<IOptions<TencentOptions>>().Value));
        services.TryAddSingleton<CredentialProviderFactory>();
        services.TryAddSingleton<ITencentCredentials, TencentCredentialProviders>();
        // Instance metadata and STS: one attempt per call (a failure pauses the account, whose probes try again).
        RequestLineLogger.For(services.AddHttpClient(CredentialHttp.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectTimeout = ConnectTimeout,
                PooledConnectionLifetime = PooledConnectionLifetime,
                AllowAutoRedirect = false,
                UseCookies = false,
            }));

        var clb = services.AddHttpClient<ClbApiClient>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateClbHandler(sp.GetRequiredService<TimeProvider>()))
            .AddHttpMessageHandler(sp => new SendDeadlineHandler(sp.GetRequiredService<TimeProvider>()));
        // The factory's request logging must not print the signature or the session token: request lines only.
        RequestLineLogger.For(clb);
        return builder;
    }

    /// <summary>The socket handler of the CLB client; also used, alone, to warm the HTTP stack up (<see cref="HttpStackWarmUp"/>).</summary>
    internal static SocketsHttpHandler CreateClbHandler(TimeProvider time) => new()
    {
        ConnectTimeout = ConnectTimeout,
        PooledConnectionLifetime = PooledConnectionLifetime,
        // A redirect would be re-sent without re-signing for the new host; report it as an HTTP error instead.
        AllowAutoRedirect = false,
        UseCookies = false,
        // A request that opens a connection is checked against its send deadline again once the connection is open.
        PlaintextStreamFilter = (context, _) => SendDeadlineHandler.CheckNewConnectionAsync(context, time),
    };
}
