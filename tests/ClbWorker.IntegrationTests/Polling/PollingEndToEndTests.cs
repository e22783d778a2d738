using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>The whole application in-process against the simulator over loopback HTTP and a real PostgreSQL.</summary>
public sealed class PollingEndToEndTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly SimulatorCredential Credential = new() { SecretId = "AKIDE2E000000000000000000000000000", SecretKey = "e2e-key" };

    private WebApplication simulator = null!;
    private SimulatorState state = null!;
    private string connectionString = "";
    private string database = "";

    public async ValueTask InitializeAsync()
    {
        var options = new SimulatorOptions { RateLimitPerSecond = 200 };
        options.Credentials.Add(Credential);
        simulator = SimulatorHost.Build(options);
        await simulator.StartAsync(TestContext.Current.CancellationToken);
        state = simulator.Services.GetRequiredService<SimulatorState>();
        database = await server.CreateDatabaseAsync();
        connectionString = server.ConnectionStringFor(database);
    }

    public async ValueTask DisposeAsync()
    {
        await simulator.StopAsync(CancellationToken.None);
        await simulator.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await server.DropDatabaseAsync(database);
    }

    private WorkerApp Worker(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = connectionString,
            ["Tencent:SecretId"] = Credential.SecretId,
            ["Tencent:SecretKey"] = Credential.SecretKey,
            ["Tencent:Endpoint"] = SimulatorHost.BaseAddress(simulator).ToString(),
            // Below the simulator's 200/s: this class is about outcomes; the budget's exactness is measured at 20/s elsewhere.
            ["Tencent:RequestsPerSecond"] = "150",
            ["Tencent:Timeout"] = "00:00:02",
            ["Polling:BatchSize"] = "200",
        };
        foreach (var (key, value) in overrides)
            settings[key] = value;
        return new WorkerApp(settings);
    }

    private List<string> Simulated(int count, SimulatedTaskOutcome outcome, TimeSpan delay) =>
        state.CreateTasks(new SimulatedTaskRequest { Count = count, Outcome = outcome, Delay = delay }).Select(t => t.TaskId).ToList();

    private async Task EnqueueAsync(IEnumerable<string> taskIds, DateTimeOffset? deadline = null, string account = "default")
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(
            "INSERT INTO clb.tasks (task_id, region, account, deadline_at) SELECT unnest(@ids), 'ap-guangzhou', @account, @deadline",
            new { ids = taskIds.ToArray(), account, deadline = deadline?.UtcDateTime });
    }

    private async Task<List<TaskRow>> RowsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<TaskRow>("""
            SELECT task_id AS TaskId, state AS State, last_status AS LastStatus, last_error_code AS ErrorCode,
                   last_error_message AS ErrorMessage, last_request_id AS RequestId, attempts AS Attempts
            FROM clb.tasks
            """)).AsList();
    }

    private sealed record TaskRow(string TaskId, string State, short? LastStatus, string? ErrorCode, string? ErrorMessage, string? RequestId, int Attempts);

    [Fact]
    public async Task Five_hundred_tasks_of_mixed_fate_all_reach_the_right_final_state_with_every_poll_counted()
    {
        await using var worker = Worker();
        _ = worker.Services; // starts the host: migrations, Hangfire server, polling job
        var succeed = Simulated(200, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(4));
        var fail = Simulated(150, SimulatedTaskOutcome.Failed, TimeSpan.FromSeconds(1));
        var unknown = Simulated(100, SimulatedTaskOutcome.Unknown, TimeSpan.Zero);
        var never = Simulated(50, SimulatedTaskOutcome.Never, TimeSpan.Zero);

        await EnqueueAsync(succeed.Concat(fail).Concat(unknown));
        await EnqueueAsync(never, deadline: DateTimeOffset.UtcNow.AddSeconds(6));
        var rows = await Eventually.ReturnsAsync(RowsAsync, r => r.Count == 500 && r.All(t => t.State != "pending"),
            TimeSpan.FromSeconds(60), "every task final");

        var byId = rows.ToDictionary(r => r.TaskId);
        Assert.All(succeed, id => Assert.Equal(("succeeded", (short?)0, (string?)null), (byId[id].State, byId[id].LastStatus, byId[id].ErrorCode)));
        Assert.All(fail, id => Assert.Equal(("failed", (short?)1), (byId[id].State, byId[id].LastStatus)));
        Assert.All(unknown, id => Assert.Equal(("invalid", "InvalidParameter", 1), (byId[id].State, byId[id].ErrorCode, byId[id].Attempts)));
        Assert.All(never, id => Assert.Equal(("timed_out", (short?)2, "DeadlineExceeded"), (byId[id].State, byId[id].LastStatus, byId[id].ErrorCode)));
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty(r.RequestId)));
        // Tasks that finish after 4 s cannot be seen final on the first poll.
        Assert.All(succeed, id => Assert.InRange(byId[id].Attempts, 2, 10));

        var stats = state.GetStats().For(Credential.SecretId, SimulatorHost.BaseAddress(simulator).Authority, "DescribeTaskStatus")!;
        Assert.Equal(new Dictionary<string, long> { ["InvalidParameter"] = 100 }, stats.RejectionsByCode);
        // Every answer the simulator gave is one counted attempt: nothing polled twice unnoticed, nothing lost.
        Assert.Equal(stats.Accepted + stats.Rejected, rows.Sum(r => r.Attempts));
    }
}
