using ClbWorker.Database;
using ClbWorker.Development;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

public sealed class DatabaseHostingTests(PostgresServer server)
{
    [Fact]
    public async Task A_host_with_a_configured_connection_string_migrates_that_database_at_start()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.Configuration["ConnectionStrings:Postgres"] = server.ConnectionStringFor(database);
            await builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken);
            await using var app = builder.Build();

            var result = await app.MigrateClbDatabaseAsync(TestContext.Current.CancellationToken);

            Assert.Contains("0001_tasks.sql", result.AppliedScripts);
            Assert.Null(app.Services.GetService<LocalPostgresCluster>());
            await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestContext.Current.CancellationToken);
            Assert.Equal(database, await connection.ExecuteScalarAsync<string>("SELECT current_database()"));
            Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.tasks"));
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_development_host_without_a_connection_string_runs_a_local_cluster_and_stops_it_on_shutdown()
    {
        var folder = Directory.CreateTempSubdirectory("clbworker-dev-host-test-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            // Blank overrides a connection string the test run may have in its environment.
            builder.Configuration["ConnectionStrings:Postgres"] = "";
            builder.Configuration["Database:LocalClusterPath"] = folder;
            await builder.AddClbDatabaseAsync(TestContext.Current.CancellationToken);
            int port;
            await using (var app = builder.Build())
            {
                var result = await app.MigrateClbDatabaseAsync(TestContext.Current.CancellationToken);
                var cluster = app.Services.GetRequiredService<LocalPostgresCluster>();
                port = cluster.Port;
                await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(TestContext.Current.CancellationToken);

                Assert.NotEmpty(result.AppliedScripts);
                Assert.Equal(LocalClusterStart.Created, cluster.HowStarted);
                Assert.Equal(folder, cluster.Directory);
                Assert.Equal("clbworker", await connection.ExecuteScalarAsync<string>("SELECT current_database()"));
            }

            await using var afterShutdown = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Timeout=2");
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => afterShutdown.OpenAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
