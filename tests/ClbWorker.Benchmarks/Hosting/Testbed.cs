using Npgsql;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>
/// One measurement's world: a fresh database, the simulator accepting the run's accounts, optionally the webhook
/// receiver, and the ClbWorker processes started into it. Disposing stops every process (SIGTERM, then SIGKILL) and
/// drops the database.
/// </summary>
public sealed class Testbed : IAsyncDisposable
{
    private readonly ScenarioContext context;
    private readonly string databaseName;
    private readonly double requestsPerSecond;
    private readonly List<WorkerNode> workers = [];

    private Testbed(ScenarioContext context, string databaseName, IReadOnlyList<Credential> accounts, double requestsPerSecond,
        SimulatorNode simulator, ReceiverNode? receiver)
    {
        this.context = context;
        this.databaseName = databaseName;
        this.requestsPerSecond = requestsPerSecond;
        Accounts = accounts;
        Simulator = simulator;
        Receiver = receiver;
        ConnectionString = context.Database.ConnectionStringFor(databaseName);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public IReadOnlyList<Credential> Accounts { get; }
    public SimulatorNode Simulator { get; }
    public ReceiverNode? Receiver { get; }
    public string ConnectionString { get; }

    /// <summary>The harness's own connections to the run's database, for enqueueing and for counting outcomes.</summary>
    public NpgsqlDataSource DataSource { get; }

    public IReadOnlyList<WorkerNode> Workers => workers;

    /// <param name="requestsPerSecond">Each account's budget in ClbWorker (<c>Tencent:RequestsPerSecond</c>).</param>
    /// <param name="simulatorLimit">What the simulator accepts per key and second.</param>
    public static async Task<Testbed> StartAsync(ScenarioContext context, IReadOnlyList<Credential> accounts, double requestsPerSecond,
        int simulatorLimit, bool withReceiver, CancellationToken ct)
    {
        var name = await context.Database.CreateAsync(context.Scenario, ct);
        SimulatorNode? simulator = null;
        try
        {
            simulator = await SimulatorNode.StartAsync(context, accounts, simulatorLimit, ct);
            var receiver = withReceiver ? await ReceiverNode.StartAsync(context, ct) : null;
            return new Testbed(context, name, accounts, requestsPerSecond, simulator, receiver);
        }
        catch
        {
            if (simulator is not null)
                await simulator.DisposeAsync();
            await context.Database.DropAsync(name);
            throw;
        }
    }

    public Dictionary<string, string> SettingsFor(IReadOnlyDictionary<string, string>? extra) =>
        WorkerNode.Settings(ConnectionString, Simulator, Accounts, requestsPerSecond, Receiver, extra);

    /// <summary>Starts <paramref name="count"/> workers side by side (their migrations race, as in a real roll-out) and waits until each is ready.</summary>
    public async Task StartWorkersAsync(WorkerBuild build, int count, IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        var settings = SettingsFor(extra);
        var starting = Enumerable.Range(workers.Count, count).Select(i => WorkerNode.StartAsync(context, build, i, settings, ct)).ToList();
        try
        {
            workers.AddRange(await Task.WhenAll(starting));
        }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
                workers.Add(task.Result);
            throw;
        }
    }

    /// <summary>SIGKILLs the worker and starts a new process in its place (same port and settings); returns the new one, ready.</summary>
    public async Task<WorkerNode> KillAndRestartAsync(WorkerNode worker, IReadOnlyDictionary<string, string>? extra, CancellationToken ct)
    {
        await worker.Process.KillAsync();
        await worker.DisposeAsync();
        var fresh = await WorkerNode.StartAsync(context, worker.Build, worker.Index, SettingsFor(extra), ct);
        workers[workers.IndexOf(worker)] = fresh;
        return fresh;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask()));
        if (Receiver is not null)
            await Receiver.DisposeAsync();
        await Simulator.DisposeAsync();
        await DataSource.DisposeAsync();
        await context.Database.DropAsync(databaseName);
    }
}
