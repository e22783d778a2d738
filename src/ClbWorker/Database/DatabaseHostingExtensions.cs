using ClbWorker.Development;
using ClbWorker.Hosting.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ClbWorker.Database;

/// <summary>Wires PostgreSQL into the host: <c>await builder.AddClbDatabaseAsync()</c> before <c>Build()</c>, then
/// <c>await app.MigrateClbDatabaseAsync()</c> right after it, before anything touches the database.</summary>
public static class DatabaseHostingExtensions
{
    /// <summary>The connection string name: configuration key <c>ConnectionStrings:Postgres</c>, environment
    /// variable <c>ConnectionStrings__Postgres</c>.</summary>
    public const string ConnectionStringName = "Postgres";

    private const string LogCategory = "ClbWorker.Database";

    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> singleton and the <see cref="MigrationRunner"/>. The configured
    /// connection string <c>ConnectionStrings:Postgres</c> always wins. Without one, the Development environment
    /// starts (or reuses) a persistent <see cref="LocalPostgresCluster"/>, by default in <c>.data/postgres</c> at the
    /// repository root, creates the database <c>clbworker</c> if missing and uses it; the host stops that cluster when
    /// it shuts down (<see cref="DevelopmentRun.StartLocalDatabaseAsync"/>). Any other environment fails here, naming
    /// the missing key.
    /// </summary>
    public static async Task AddClbDatabaseAsync(this IHostApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        // Validated now rather than at host start: the local cluster must be started before the host is built.
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(DatabaseOptions.SectionName, typeof(DatabaseOptions), errors);
        }

        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new ConfigurationException(
                    $"No database is configured. Set the connection string ConnectionStrings:{ConnectionStringName} "
                    + $"(environment variable ConnectionStrings__{ConnectionStringName}), e.g. "
                    + "\"Host=db.example.internal;Database=clbworker;Username=clbworker;Password=...\". "
                    + $"Only the Development environment starts a local PostgreSQL by itself; this one is '{builder.Environment.EnvironmentName}'.");
            }

            connectionString = await DevelopmentRun.StartLocalDatabaseAsync(builder, options, cancellationToken);
        }
        else
        {
            EnsureParsable(connectionString);
        }

        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.AddSingleton(services =>
        {
            // Resolving the cluster first (when there is one) hands it to the container, which disposes singletons in
            // reverse order of creation: the data source's connections close first, then the cluster stops.
            _ = services.GetService<LocalPostgresCluster>();
            var dataSource = new NpgsqlDataSourceBuilder(connectionString);
            dataSource.ConnectionStringBuilder.ApplicationName ??= "ClbWorker";
            // Npgsql 10 tries GSS session encryption first unless told otherwise, which needs the Kerberos library
            // (libgssapi_krb5) that the .NET container images do not ship: every container then logged "Error: ...
            // cannot open shared object file" at its first connection. ClbWorker asks for it only when the
            // connection string does.
            if (!Mentions(connectionString, "GssEncryptionMode"))
                dataSource.ConnectionStringBuilder.GssEncryptionMode = GssEncryptionMode.Disable;
            return dataSource.UseLoggerFactory(services.GetRequiredService<ILoggerFactory>()).Build();
        });
        builder.Services.AddSingleton<MigrationRunner>();
    }

    /// <summary>Applies pending migrations (see <see cref="MigrationRunner"/>) and logs which database is used.
    /// Call it after <c>Build()</c> and before <c>Run()</c>; it throws if a migration fails, stopping start-up.</summary>
    public static async Task<MigrationResult> MigrateClbDatabaseAsync(this IHost host, CancellationToken cancellationToken = default)
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var target = WithoutPassword(dataSource.ConnectionString);
        if (host.Services.GetService<LocalPostgresCluster>() is { } cluster)
        {
            logger.LogInformation(
                "Local PostgreSQL cluster ({HowStarted}) in {Folder}, listening on 127.0.0.1:{Port}, log {LogFile}; using {ConnectionString}",
                cluster.HowStarted, cluster.Directory, cluster.Port, cluster.LogFile, target);
        }
        else
        {
            logger.LogInformation("Using PostgreSQL from ConnectionStrings:{Name}: {ConnectionString}", ConnectionStringName, target);
        }

        return await host.Services.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
    }

    private static void EnsureParsable(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException error)
        {
            throw new ConfigurationException(
                $"ConnectionStrings:{ConnectionStringName} is not a valid PostgreSQL connection string ({error.Message}). "
                + "Expected the form \"Host=...;Port=5432;Database=...;Username=...;Password=...\".", error);
        }
    }

    // Whether the connection string sets the keyword itself, written with or without spaces, in any case.
    private static bool Mentions(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));

    private static string WithoutPassword(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Password = null }.ConnectionString;
}
