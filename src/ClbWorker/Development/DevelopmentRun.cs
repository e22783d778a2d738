using ClbWorker.Api;
using ClbWorker.Database;
using ClbWorker.Hosting;

namespace ClbWorker.Development;

/// <summary>
/// What <c>dotnet run --project src/ClbWorker</c> adds in the Development environment so that it runs with nothing
/// configured: a local PostgreSQL cluster when no connection string is set, the built-in CLB simulator when no Tencent
/// Cloud credentials are, its own webhook receiver, an admin API key made up for the run, and the start banner. The
/// production wiring calls into the development tooling through this class only; the database wiring also looks up the
/// <see cref="LocalPostgresCluster"/> this class registered, to log where it is and to stop it after the data source.
/// </summary>
public static class DevelopmentRun
{
    /// <summary>Asks for the built-in simulator even where credentials are configured; only the dev run starts it.</summary>
    public const string SimulatorCredentialSourceKey = DevelopmentSimulator.CredentialSourceKey;

    /// <summary>The dev run's keys, read with <c>configuration[...]</c>, with the type their text must convert to.</summary>
    public static IReadOnlyList<KeyValuePair<string, Type>> ConfigurationKeys { get; } =
    [
        KeyValuePair.Create(DevelopmentSimulator.UrlKey, typeof(string)),
        KeyValuePair.Create(DevelopmentSimulator.CredentialSourceKey, typeof(string)),
        KeyValuePair.Create(DevelopmentSimulator.TemporaryKeyLifetimeKey, typeof(TimeSpan)),
    ];

    /// <summary>
    /// In Development: the built-in simulator (unless credentials are configured), the webhook receiver, the API key
    /// (unless keys are configured) and the banner. Anywhere else, nothing.
    /// </summary>
    public static async Task AddDevelopmentRunAsync(this WebApplicationBuilder builder, CancellationToken ct = default)
    {
        if (!builder.Environment.IsDevelopment())
            return;
        await builder.AddDevelopmentSimulatorAsync(ct);
        builder.AddDevelopmentWebhooks();
        AddApiKey(builder);
        builder.Services.AddHostedService<StartBanner>();
    }

    /// <summary>The routes of the dev run's webhook receiver, when it has one.</summary>
    public static WebApplication MapDevelopmentRun(this WebApplication app) => app.MapDevelopmentWebhooks();

    /// <summary>
    /// Starts (or reuses) the persistent local cluster, registered so that the host stops it, and returns the
    /// connection string of its database; see <see cref="LocalDatabase"/>.
    /// </summary>
    public static Task<string> StartLocalDatabaseAsync(IHostApplicationBuilder builder, DatabaseOptions options, CancellationToken ct) =>
        LocalDatabase.StartAsync(builder, options, ct);

    private static void AddApiKey(WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetSection($"{ApiOptions.Section}:Keys").GetChildren().Any())
            return;
        var key = DevelopmentApiKey.Generate();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ApiOptions.Section}:Keys:{DevelopmentApiKey.Name}:Key"] = key.Key,
            [$"{ApiOptions.Section}:Keys:{DevelopmentApiKey.Name}:Role"] = ApiRoles.Admin,
        });
        builder.Services.AddSingleton(new StartBannerLine(11, "API key (admin)", key.Key, "made up for this run; set Api:Keys:<name>:Key to choose your own"));
    }
}
