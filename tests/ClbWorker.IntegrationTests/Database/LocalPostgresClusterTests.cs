using ClbWorker.Development;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>These start clusters of their own, apart from the shared <c>PostgresServer</c>.</summary>
public sealed class LocalPostgresClusterTests : IDisposable
{
    private readonly string folder = Path.Combine(Directory.CreateTempSubdirectory("clbworker-cluster-test-").FullName, "cluster");

    [Fact]
    public async Task Persistent_cluster_keeps_its_data_and_port_across_stop_and_start()
    {
        int port;
        await using (var first = await LocalPostgresCluster.StartPersistentAsync(folder, cancellationToken: TestContext.Current.CancellationToken))
        {
            Assert.Equal(LocalClusterStart.Created, first.HowStarted);
            port = first.Port;
            await using var connection = new NpgsqlConnection(first.ConnectionString);
            await connection.ExecuteAsync("CREATE TABLE kept (note text); INSERT INTO kept VALUES ('still here')");
            // The restarted server has the same connection string: drop pooled connections to the old process.
            NpgsqlConnection.ClearPool(connection);
        }

        Assert.False(await AcceptsConnectionsAsync(port));
        await using var second = await LocalPostgresCluster.StartPersistentAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        await using var reconnection = new NpgsqlConnection(second.ConnectionString);

        Assert.Equal(LocalClusterStart.Started, second.HowStarted);
        Assert.Equal(port, second.Port);
        Assert.Equal("still here", await reconnection.ExecuteScalarAsync<string>("SELECT note FROM kept"));
    }

    [Fact]
    public async Task Persistent_cluster_adopts_a_server_left_running_by_a_previous_process()
    {
        // "first" stands for a process that was killed: its server keeps running and is never disposed by it.
        var first = await LocalPostgresCluster.StartPersistentAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            await using var second = await LocalPostgresCluster.StartPersistentAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
            await using var connection = new NpgsqlConnection(second.ConnectionString);

            Assert.Equal(LocalClusterStart.AlreadyRunning, second.HowStarted);
            Assert.Equal(first.Port, second.Port);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT 1"));
        }
        finally
        {
            await first.DisposeAsync();
        }

        Assert.False(await AcceptsConnectionsAsync(first.Port));
    }

    [Fact]
    public async Task Throwaway_cluster_serves_connections_and_its_folder_is_gone_after_dispose()
    {
        var cluster = await LocalPostgresCluster.StartThrowawayAsync(TestContext.Current.CancellationToken);
        var created = await cluster.CreateDatabaseIfMissingAsync("scratch", TestContext.Current.CancellationToken);
        var createdAgain = await cluster.CreateDatabaseIfMissingAsync("scratch", TestContext.Current.CancellationToken);
        await using (var connection = new NpgsqlConnection(cluster.ConnectionStringFor("scratch")))
        {
            Assert.Equal("scratch", await connection.ExecuteScalarAsync<string>("SELECT current_database()"));
        }

        await cluster.DisposeAsync();

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.False(Directory.Exists(cluster.Directory));
        Assert.False(await AcceptsConnectionsAsync(cluster.Port));
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, TestContext.Current.CancellationToken);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
