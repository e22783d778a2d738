using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// A simulator process, the worker processes a test starts against it, and the test's database. Every process
/// is killed when the test ends, whatever happened; when the test did not pass, their output goes to the test
/// output so the failure can be read next to what the processes said.
/// </summary>
internal sealed class ProcessTestBed : IAsyncDisposable
{
    private const string SecretId = "AKIDPROCESS00000000000000000000000000";
    /// <summary>The key the simulator accepts; the workers get it through <c>Tencent__SecretKey</c> unless a test overrides that.</summary>
    public const string SecretKey = "process-tests-secret-key";

    private readonly List<ChildProcess> workers = [];
    private readonly string connectionString;

    private ProcessTestBed(SimulatorProcess simulator, MigratedDatabase database)
    {
        Simulator = simulator;
        connectionString = database.ConnectionString;
        Tasks = new TaskTable(database.DataSource);
    }

    public SimulatorProcess Simulator { get; }

    /// <summary>The test's database, as the workers get it in <c>ConnectionStrings__Postgres</c>.</summary>
    public string ConnectionString => connectionString;

    public TaskTable Tasks { get; }

    public static async Task<ProcessTestBed> StartAsync(MigratedDatabase database) =>
        new(await SimulatorProcess.StartAsync(SecretId, SecretKey), database);

    /// <summary>
    /// Starts a worker process; <paramref name="polling"/> sets <c>Polling__&lt;key&gt;</c> variables, and
    /// <paramref name="overrides"/> replaces (or, with null, removes) any other variable.
    /// </summary>
    public ChildProcess StartWorker(string name, IReadOnlyDictionary<string, string>? polling = null,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var worker = WorkerProcess.Start(name, connectionString, Simulator, SecretKey, polling, overrides);
        workers.Add(worker);
        return worker;
    }

    /// <summary>A measured figure, kept in the test's output whether it passes or not.</summary>
    public static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
            await worker.DisposeAsync();
        await Simulator.DisposeAsync();
        if (TestContext.Current.TestState?.Result is not TestResult.Passed)
        {
            foreach (var worker in workers)
                Report(worker.Transcript(omitting: WorkerLog.RequestLogCategory));
            Report(Simulator.Process.Transcript());
        }
    }
}
