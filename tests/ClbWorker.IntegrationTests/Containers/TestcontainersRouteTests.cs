using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// The Testcontainers route of the test database, run on purpose: the rest of the suite uses a throwaway local
/// cluster where the server programs are installed, so this class starts <see cref="PostgresServer.ContainerImage"/>
/// through Testcontainers itself and runs the application against it.
/// </summary>
public sealed class TestcontainersRouteTests(ContainerPostgres postgres) : IClassFixture<ContainerPostgres>
{
    [Fact(Timeout = 180_000)]
    public async Task The_container_database_takes_the_migrations_and_tasks_polled_through_it_reach_their_final_states()
    {
        var server = await postgres.ServerAsync();
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker();
        var succeed = world.Simulated(20, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(1));
        var fail = world.Simulated(10, SimulatedTaskOutcome.Failed, TimeSpan.Zero);

        await world.EnqueueAsync(succeed.Concat(fail));
        var rows = await world.AllFinalAsync(30, TimeSpan.FromSeconds(90));

        var byId = rows.ToDictionary(r => r.TaskId);
        Assert.All(succeed, id => Assert.Equal(("succeeded", (short?)0), (byId[id].State, byId[id].LastStatus)));
        Assert.All(fail, id => Assert.Equal(("failed", (short?)1), (byId[id].State, byId[id].LastStatus)));
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        Assert.StartsWith("15.", await connection.ExecuteScalarAsync<string>("SHOW server_version"), StringComparison.Ordinal);
        Assert.Equal(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.schema_versions"),
            Directory.GetFiles(Path.Combine(ClbWorker.UnitTests.Deployment.Repository.Root, "db", "migrations"), "*.sql").Length);
    }
}
