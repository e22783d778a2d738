using System.Globalization;
using System.Security.Cryptography;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>
/// One published ClbWorker process in the Production environment, configured only through the settings docs/configuration.md
/// documents (environment variables), ready once its <c>/readyz</c> answers 200.
/// </summary>
public sealed class WorkerNode : IAsyncDisposable
{
    /// <summary>The API key every worker of a run accepts (admin).</summary>
    public static readonly string ApiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(20));

    private WorkerNode(ChildProcess process, int index, int port, WorkerBuild build)
    {
        Process = process;
        Index = index;
        Port = port;
        Build = build;
    }

    public ChildProcess Process { get; }

    public int Index { get; }

    public int Port { get; }

    public WorkerBuild Build { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// The settings every benchmark worker gets: the database, the simulator as the Tencent endpoint for every
    /// account, an API key, the receiver as a configured webhook endpoint (loopback allowed by AllowedNetworks), and
    /// quiet logs. <paramref name="extra"/> adds or replaces settings.
    /// </summary>
    public static Dictionary<string, string> Settings(string connectionString, SimulatorNode simulator, IReadOnlyList<Credential> accounts,
        double requestsPerSecond, ReceiverNode? receiver, IReadOnlyDictionary<string, string>? extra)
    {
        var rate = requestsPerSecond.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Tencent__Endpoint"] = simulator.Endpoint,
            ["Tencent__RequestsPerSecond"] = rate,
            ["Api__Keys__bench__Key"] = ApiKey,
            ["Api__Keys__bench__Role"] = "admin",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
        foreach (var account in accounts)
        {
            var prefix = account.Account == "default" ? "Tencent__" : $"Tencent__Accounts__{account.Account}__";
            settings[prefix + "SecretId"] = account.SecretId;
            settings[prefix + "SecretKey"] = account.SecretKey;
            if (account.Account != "default")
                settings[prefix + "RequestsPerSecond"] = rate;
        }
        if (receiver is not null)
        {
            settings["Webhooks__Endpoints__bench__Url"] = receiver.Url;
            settings["Webhooks__Endpoints__bench__Secret"] = receiver.Secret;
            settings["Webhooks__AllowedNetworks__0"] = "127.0.0.0/8";
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            settings[key] = value;
        return settings;
    }

    public static async Task<WorkerNode> StartAsync(ScenarioContext context, WorkerBuild build, int index, IReadOnlyDictionary<string, string> settings,
        CancellationToken ct)
    {
        var port = context.Ports.NextWorker();
        var environment = new Dictionary<string, string>(settings) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
        var process = ChildProcess.Start(context.Registry, $"worker {index + 1}", "dotnet", [build.Dll], environment,
            context.NewFile($"worker{index + 1}", "log"));
        var node = new WorkerNode(process, index, port, build);
        await node.WaitReadyAsync(ct);
        return node;
    }

    public async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            try
            {
                using var answer = await http.GetAsync($"{BaseAddress}/readyz", ct);
                if (answer.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            if (Process.HasExited)
                throw new HarnessException($"{Process.Name} exited with code {Process.ExitCode} before it was ready. Its last lines:\n{Process.Tail()}");
            if (DateTimeOffset.UtcNow > deadline)
                throw new HarnessException($"{Process.Name} was not ready within 120 s. Its last lines:\n{Process.Tail()}");
            await Task.Delay(200, ct);
        }
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
