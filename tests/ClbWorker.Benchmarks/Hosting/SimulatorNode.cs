using System.Globalization;
using System.Net.Http.Json;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>The CLB simulator as its own process at raised priority, with an arrival log the harness counts from.</summary>
public sealed class SimulatorNode : IAsyncDisposable
{
    private readonly HttpClient http;

    private SimulatorNode(ChildProcess process, int port, string arrivalLog)
    {
        Process = process;
        Port = port;
        ArrivalLog = arrivalLog;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public ChildProcess Process { get; }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public string ArrivalLog { get; }

    public static async Task<SimulatorNode> StartAsync(ScenarioContext context, IReadOnlyList<Credential> credentials, int ratePerSecond,
        CancellationToken ct)
    {
        var port = context.Ports.Simulator;
        var log = context.NewFile("arrivals", "csv");
        var arguments = new List<string>
        {
            context.Builds.SimulatorDll, "--urls", $"http://127.0.0.1:{port}",
            $"--Simulator:RateLimitPerSecond={ratePerSecond.ToString(CultureInfo.InvariantCulture)}",
            $"--Simulator:ArrivalLog={log}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:ClbWorker.Simulator=Information",
        };
        for (var i = 0; i < credentials.Count; i++)
        {
            arguments.Add($"--Simulator:Credentials:{i}:SecretId={credentials[i].SecretId}");
            arguments.Add($"--Simulator:Credentials:{i}:SecretKey={credentials[i].SecretKey}");
        }
        var process = ChildProcess.Start(context.Registry, "simulator", "dotnet", arguments, new Dictionary<string, string>(),
            context.NewFile("simulator", "log"), highPriority: true);
        await process.WaitForLineAsync("simulator listening on", TimeSpan.FromSeconds(60), ct);
        var node = new SimulatorNode(process, port, log);
        await node.WarmUpAsync(credentials[0], ct);
        return node;
    }

    /// <summary>
    /// A few signed DescribeTaskStatus requests for a task that does not exist, before any worker starts: Tencent's
    /// servers are never cold, so the simulator's own first request (compiling, its first connection) must not count
    /// against the first request of a worker. They are answered with an error, so no figure counts them as polls.
    /// </summary>
    private async Task WarmUpAsync(Credential credential, CancellationToken ct)
    {
        using var http = new HttpClient();
        var client = new Baselines.SignedClbClient(http, Endpoint, credential);
        for (var i = 0; i < 3; i++)
            await client.DescribeTaskStatusAsync("warm-up", "ap-guangzhou", ct);
    }

    /// <summary>Creates simulated tasks that finish after <paramref name="delay"/> (outcome: succeeded, failed, never, unknown).</summary>
    public async Task<IReadOnlyList<SimulatedTask>> CreateTasksAsync(int count, TimeSpan delay, string outcome, CancellationToken ct)
    {
        var tasks = new List<SimulatedTask>(count);
        while (tasks.Count < count)
        {
            var batch = Math.Min(10_000, count - tasks.Count);
            using var response = await http.PostAsJsonAsync("/_sim/tasks",
                new { count = batch, delay = delay.ToString("c", CultureInfo.InvariantCulture), outcome }, ct);
            if (!response.IsSuccessStatusCode)
                throw new HarnessException($"The simulator refused to create tasks: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            var created = await response.Content.ReadFromJsonAsync<CreatedTasks>(ct);
            tasks.AddRange(created!.Tasks);
        }
        return tasks;
    }

    /// <summary>Faults from now on, as <c>PUT /_sim/faults</c> takes them.</summary>
    public async Task SetFaultsAsync(object faults, CancellationToken ct)
    {
        using var response = await http.PutAsJsonAsync("/_sim/faults", faults, ct);
        if (!response.IsSuccessStatusCode)
            throw new HarnessException($"The simulator refused the faults: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Process.DisposeAsync();
    }

    public sealed record SimulatedTask(string TaskId, string Region, string Outcome, DateTimeOffset CreatedAt, DateTimeOffset? CompletesAt);

    private sealed record CreatedTasks(List<SimulatedTask> Tasks);
}
