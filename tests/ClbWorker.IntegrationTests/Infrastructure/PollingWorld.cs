using ClbWorker.Simulator;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// What an end-to-end polling test needs: an embedded simulator on loopback, an empty database of its own,
/// and the ClbWorker application configured against both. One per test (create it in the test, dispose it).
/// </summary>
public sealed class PollingWorld : IAsyncDisposable
{
    public static readonly SimulatorCredential Credential = new() { SecretId = "AKIDWORLD00000000000000000000000000", SecretKey = "world-key" };

    private readonly PostgresServer server;
    private readonly List<WorkerApp> workers = [];

    private PollingWorld(PostgresServer server, WebApplication simulator, string database)
    {
        this.server = server;
        Simulator = simulator;
        Database = database;
        ConnectionString = server.ConnectionStringFor(database);
        State = simulator.Services.GetRequiredService<SimulatorState>();
        Endpoint = SimulatorHost.BaseAddress(simulator);
    }

    public WebApplication Simulator { get; }
    public SimulatorState State { get; }
    public Uri Endpoint { get; }
    public string Database { get; }
    public string ConnectionString { get; }

    public static async Task<PollingWorld> StartAsync(PostgresServer server, Action<SimulatorOptions>? configure = null)
    {
        var options = new SimulatorOptions { RateLimitPerSecond = 200 };
        options.Credentials.Add(Credential);
        configure?.Invoke(options);
        var simulator = SimulatorHost.Build(options);
        await simulator.StartAsync(TestContext.Current.CancellationToken);
        return new PollingWorld(server, simulator, await server.CreateDatabaseAsync());
    }

    /// <summary>Starts the application with settings for this world; <paramref name="overrides"/> win.</summary>
    public WorkerApp StartWorker(params (string Key, string? Value)[] overrides) => StartWorker(served: false, logs: null, null, overrides);

    /// <summary>Starts the application with settings for this world, its services changed by <paramref name="services"/>.</summary>
    public WorkerApp StartWorker(Action<IServiceCollection> services, params (string Key, string? Value)[] overrides) =>
        StartWorker(served: false, logs: null, services, overrides);

    /// <summary>
    /// Starts the application served over loopback HTTP (see <see cref="WorkerApp.Served"/>), its logs captured
    /// in <paramref name="logs"/> when given.
    /// </summary>
    public WorkerApp StartServedWorker(CapturedLogs? logs = null, params (string Key, string? Value)[] overrides) =>
        StartWorker(served: true, logs, null, overrides);

    private WorkerApp StartWorker(bool served, CapturedLogs? logs, Action<IServiceCollection>? services, (string Key, string? Value)[] overrides)
    {
        var worker = new WorkerApp(Settings(overrides), logs, services);
        workers.Add(worker);
        if (served)
            worker.Served();
        else
            _ = worker.Services; // builds and starts the host: migrations, Hangfire server, the polling job
        return worker;
    }

    private Dictionary<string, string?> Settings((string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Tencent:SecretId"] = Credential.SecretId,
            ["Tencent:SecretKey"] = Credential.SecretKey,
            ["Tencent:Endpoint"] = Endpoint.ToString(),
            ["Tencent:RequestsPerSecond"] = "150",
            ["Tencent:Timeout"] = "00:00:02",
            ["Polling:BatchSize"] = "200",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        return settings;
    }

    public List<string> Simulated(int count, SimulatedTaskOutcome outcome, TimeSpan delay) =>
        State.CreateTasks(new SimulatedTaskRequest { Count = count, Outcome = outcome, Delay = delay }).Select(t => t.TaskId).ToList();

    public async Task EnqueueAsync(IEnumerable<string> taskIds, DateTimeOffset? deadline = null, string account = "default")
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.ExecuteAsync(
            "INSERT INTO clb.tasks (task_id, region, account, deadline_at) SELECT unnest(@ids), 'ap-guangzhou', @account, @deadline",
            new { ids = taskIds.ToArray(), account, deadline = deadline?.UtcDateTime });
    }

    public async Task<List<TaskRow>> TasksAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return (await connection.QueryAsync<TaskRow>("""
            SELECT task_id AS TaskId, account AS Account, state AS State, last_status AS LastStatus,
                   last_error_code AS ErrorCode, last_error_message AS ErrorMessage, last_request_id AS RequestId,
                   attempts AS Attempts, lease_owner AS LeaseOwner
            FROM clb.tasks
            """)).AsList();
    }

    /// <summary>Waits until every one of <paramref name="count"/> tasks is final.</summary>
    public Task<List<TaskRow>> AllFinalAsync(int count, TimeSpan within) =>
        Eventually.ReturnsAsync(TasksAsync, rows => rows.Count == count && rows.All(r => r.State != "pending"), within,
            $"all {count} tasks final");

    public SimulatorKeyStats PollerStats() =>
        State.GetStats().For(Credential.SecretId, Endpoint.Authority, "DescribeTaskStatus")
        ?? throw new InvalidOperationException("The simulator saw no DescribeTaskStatus request.");

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
            await worker.DisposeAsync();
        await Simulator.StopAsync(CancellationToken.None);
        await Simulator.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await server.DropDatabaseAsync(Database);
    }
}

public sealed record TaskRow(
    string TaskId, string Account, string State, short? LastStatus, string? ErrorCode, string? ErrorMessage,
    string? RequestId, int Attempts, string? LeaseOwner);
