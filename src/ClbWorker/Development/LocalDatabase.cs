using ClbWorker.Database;

namespace ClbWorker.Development;

/// <summary>
/// The dev run's database when no connection string is configured: a persistent <see cref="LocalPostgresCluster"/>,
/// by default in <c>.data/postgres</c> at the repository root, with the database <c>clbworker</c> created if missing.
/// </summary>
internal static class LocalDatabase
{
    public static async Task<string> StartAsync(IHostApplicationBuilder builder, DatabaseOptions options, CancellationToken cancellationToken)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var folder = options.LocalClusterPath is { } path
            ? Path.GetFullPath(path, contentRoot)
            : DevelopmentDataFolder.For(contentRoot);
        var cluster = await LocalPostgresCluster.StartPersistentAsync(folder, options.LocalClusterPort, cancellationToken);
        try
        {
            await cluster.CreateDatabaseIfMissingAsync(options.LocalDatabaseName, cancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        // Registered through a factory so that the container owns it and stops it when the host is disposed.
        builder.Services.AddSingleton(_ => cluster);
        return cluster.ConnectionStringFor(options.LocalDatabaseName);
    }
}
