using ClbWorker.Database;
using ClbWorker.Development;
using Dapper;
using Npgsql;
using Testcontainers.PostgreSql;

[assembly: AssemblyFixture(typeof(ClbWorker.IntegrationTests.Infrastructure.PostgresServer))]
// One test class at a time. Most classes host the whole application (Hangfire server, polling and delivery loops,
// Kestrel) and some add worker processes or a browser; on a 2-core machine two of them side by side starved each
// other's loops for tens of seconds, which timing assertions then reported as failures of the code under test.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run (an assembly fixture: take it as a constructor parameter). It is, in
/// this order: the server in the environment variable <c>ConnectionStrings__Postgres</c> (its user needs CREATEDB);
/// a throwaway <see cref="LocalPostgresCluster"/> in a temporary folder when the server programs are installed,
/// stopped and deleted after the last test; else a Testcontainers PostgreSQL container when a Docker engine answers.
/// The local cluster comes before the container so that a Docker engine on the machine does not change what every
/// test runs against; the container route has tests of its own (<see cref="StartContainerAsync"/>).
/// Tests never use its databases directly: each test class gets its own through <see cref="MigratedDatabase"/>,
/// or <see cref="CreateDatabaseAsync"/> for an empty one.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The image of the container route (tests/containers/prepare.sh builds a stand-in where no registry serves it).</summary>
    public const string ContainerImage = "postgres:15-alpine";

    private IAsyncDisposable? owned;

    /// <summary>Connection string of an administrator on the server's maintenance database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Where the server came from, for diagnostics.</summary>
    public string Source { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            (ConnectionString, Source) = (configured, "ConnectionStrings__Postgres");
        }
        else if (LocalBinariesInstalled() || !await DockerEngine.AnswersAsync())
        {
            var cluster = await LocalPostgresCluster.StartThrowawayAsync();
            owned = cluster;
            (ConnectionString, Source) = (cluster.ConnectionString, $"local cluster in {cluster.Directory}");
        }
        else
        {
            await StartInContainerAsync();
        }
    }

    /// <summary>
    /// A server of its own in a Testcontainers PostgreSQL container, whatever else the machine has: the container
    /// route, for the tests that must run through it. The caller disposes it.
    /// </summary>
    public static async Task<PostgresServer> StartContainerAsync()
    {
        var server = new PostgresServer();
        try
        {
            await server.StartInContainerAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartInContainerAsync()
    {
        await DockerEngine.TellTestcontainersItsApiVersionAsync();
        var container = new PostgreSqlBuilder(ContainerImage).Build();
        owned = container;
        await container.StartAsync();
        (ConnectionString, Source) = (container.GetConnectionString(), $"Testcontainers container {container.Id[..12]} of {ContainerImage}");
    }

    private static bool LocalBinariesInstalled()
    {
        try
        {
            PostgresBinaries.Locate();
            return true;
        }
        catch (PostgresNotAvailableException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database with a unique name starting with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "clb_test")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await DatabaseAdmin.CreateIfMissingAsync(ConnectionString, name, CancellationToken.None);
        return name;
    }

    /// <summary>Drops the database, disconnecting whoever is still connected.</summary>
    public async Task DropDatabaseAsync(string name)
    {
        if (!DatabaseAdmin.IsSafeName(name))
        {
            throw new ArgumentException($"Not a database name this fixture creates: {name}", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        // DDL takes no parameters; the name was checked above.
        await connection.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
