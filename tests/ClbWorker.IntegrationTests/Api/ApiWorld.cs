using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>
/// One application on Kestrel (real HTTP on 127.0.0.1) with its own database and simulator, shared by the tests of a
/// class (<c>IClassFixture&lt;ApiWorld&gt;</c>): each test makes its own rows with task ids of its own.
/// </summary>
public sealed class ApiWorld(PostgresServer server) : IAsyncLifetime
{
    private PollingWorld world = null!;

    public WorkerApp Worker { get; private set; } = null!;

    public string ConnectionString => world.ConnectionString;

    public async ValueTask InitializeAsync()
    {
        world = await PollingWorld.StartAsync(server);
        Worker = world.StartServedWorker();
    }

    /// <summary>A client sending <paramref name="key"/> as its bearer token; null sends no Authorization header.</summary>
    public HttpClient Client(string? key = TestApiKeys.Admin)
    {
        var client = Worker.CreateClient();
        if (key is not null)
            client.DefaultRequestHeaders.Authorization = TestApiKeys.Bearer(key);
        return client;
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    public async Task<long> CountAsync(string where = "true", object? parameters = null)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM clb.tasks WHERE {where}", parameters);
    }

    public async ValueTask DisposeAsync() => await world.DisposeAsync();
}
