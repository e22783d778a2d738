using ClbWorker.Database;
using ClbWorker.Development;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>
/// The PostgreSQL server of a harness run: the one in <c>ConnectionStrings__Postgres</c> (its user needs CREATEDB),
/// else a throwaway cluster from this machine's server programs, as the tests start. The throwaway cluster is made
/// durable (fsync and synchronous commit on, unlike the tests') so that figures and the crash restarts of the chaos
/// scenario mean what they would on a real server. Each scenario run gets a database of its own.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly LocalPostgresCluster? cluster;

    private BenchDatabase(string adminConnectionString, LocalPostgresCluster? cluster, string version)
    {
        AdminConnectionString = adminConnectionString;
        this.cluster = cluster;
        Version = version;
    }

    public string AdminConnectionString { get; }

    /// <summary>Server version and where it came from, for the report.</summary>
    public string Version { get; }

    /// <summary>Only a cluster the harness started can be restarted, and its server log read.</summary>
    public bool IsOwned => cluster is not null;

    public string? ServerLog => cluster?.LogFile;

    /// <summary>The postmaster's process id, read from its pid file (it changes with every restart).</summary>
    public int? PostmasterPid()
    {
        if (cluster is null)
            return null;
        var file = Path.Combine(cluster.Directory, "data", "postmaster.pid");
        return File.Exists(file) && int.TryParse(File.ReadLines(file).FirstOrDefault(), out var pid) ? pid : null;
    }

    public static async Task<BenchDatabase> StartAsync(ProcessRegistry registry, CancellationToken ct)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        if (!string.IsNullOrWhiteSpace(configured))
            return new BenchDatabase(configured, null, await VersionAsync(configured, "ConnectionStrings__Postgres", ct));

        LocalPostgresCluster cluster;
        try
        {
            cluster = await LocalPostgresCluster.StartThrowawayAsync(ct);
        }
        catch (PostgresNotAvailableException error)
        {
            throw new HarnessException(error.Message + " Or set ConnectionStrings__Postgres to a server whose user may create databases.");
        }
        registry.OnCleanUp("the PostgreSQL cluster", () => cluster.DisposeAsync().AsTask());
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync(ct);
            foreach (var setting in new[] { "fsync = on", "synchronous_commit = on", "full_page_writes = on", "max_connections = 400" })
                await connection.ExecuteAsync($"ALTER SYSTEM SET {setting}");
        }
        NpgsqlConnection.ClearAllPools();
        await cluster.RestartAsync(immediate: false, ct);
        return new BenchDatabase(cluster.ConnectionString, cluster,
            await VersionAsync(cluster.ConnectionString, "a throwaway cluster, fsync and synchronous_commit on", ct));
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    public async Task<string> CreateAsync(string prefix, CancellationToken ct)
    {
        var name = $"bench_{prefix}_{Guid.NewGuid():N}"[..40];
        await DatabaseAdmin.CreateIfMissingAsync(AdminConnectionString, name, ct);
        return name;
    }

    public async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        // DDL takes no parameters; the name was made by CreateAsync.
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>A crash-like restart (immediate mode): every session is cut, and the server runs crash recovery.</summary>
    public Task RestartImmediateAsync(CancellationToken ct) =>
        cluster?.RestartAsync(immediate: true, ct) ?? throw new HarnessException("Only a cluster the harness started can be restarted.");

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
            await cluster.DisposeAsync();
    }

    private static async Task<string> VersionAsync(string connectionString, string source, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var version = await connection.ExecuteScalarAsync<string>("SHOW server_version");
        return $"PostgreSQL {version} ({source})";
    }
}
