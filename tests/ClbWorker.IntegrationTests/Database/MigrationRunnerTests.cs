using ClbWorker.Database;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

public sealed class MigrationRunnerTests(PostgresServer server)
{
    private static readonly string[] AllScripts = [.. MigrationScripts.Load().Select(s => s.Name)];

    private const string JournalSql = "SELECT scriptname FROM clb.schema_versions ORDER BY scriptname";

    [Fact]
    public async Task Migrations_apply_on_an_empty_database_and_running_again_is_a_no_op()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(server.ConnectionStringFor(database));
            var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);

            var first = await runner.RunAsync(TestContext.Current.CancellationToken);
            var second = await runner.RunAsync(TestContext.Current.CancellationToken);

            Assert.Equal(AllScripts, first.AppliedScripts);
            Assert.Empty(second.AppliedScripts);
            await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal(AllScripts, await connection.QueryAsync<string>(JournalSql));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.tasks"));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Concurrent_runners_on_one_empty_database_both_succeed_and_apply_each_script_once()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            // Two data sources stand for two processes starting at the same moment.
            await using var processA = NpgsqlDataSource.Create(server.ConnectionStringFor(database));
            await using var processB = NpgsqlDataSource.Create(server.ConnectionStringFor(database));

            var results = await Task.WhenAll(
                new MigrationRunner(processA, NullLogger<MigrationRunner>.Instance).RunAsync(TestContext.Current.CancellationToken),
                new MigrationRunner(processB, NullLogger<MigrationRunner>.Instance).RunAsync(TestContext.Current.CancellationToken));

            Assert.Equal(AllScripts, results.SelectMany(result => result.AppliedScripts).Order(StringComparer.Ordinal));
            Assert.Contains(results, result => result.AppliedScripts.Count == 0);
            await using var connection = await processA.OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal(AllScripts, await connection.QueryAsync<string>(JournalSql));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
