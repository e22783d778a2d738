using ClbWorker.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh database with every migration applied, one per test class: declare <c>IClassFixture&lt;MigratedDatabase&gt;</c>
/// and take it as a constructor parameter. Tests of one class run one after another and share it, so each test
/// makes its own rows (unique task ids) and never counts on rows another test wrote. Dropped after the class.
/// </summary>
public sealed class MigratedDatabase(PostgresServer server) : IAsyncLifetime
{
    public string Name { get; private set; } = "";

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Name = await server.CreateDatabaseAsync();
        ConnectionString = server.ConnectionStringFor(Name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        await new MigrationRunner(DataSource, NullLogger<MigrationRunner>.Instance).RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }

        if (Name.Length > 0)
        {
            await server.DropDatabaseAsync(Name);
        }
    }
}
