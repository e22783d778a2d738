using ClbWorker.Benchmarks.Hosting;

namespace ClbWorker.Benchmarks;

/// <summary>What a scenario run works with: the programs, the database server, the ports, and a folder for its logs.</summary>
public sealed class ScenarioContext(HarnessOptions options, Builds builds, BenchDatabase database, ProcessRegistry registry, string workFolder)
{
    private int files;

    public HarnessOptions Options => options;
    public bool Quick => options.Quick;
    public Builds Builds => builds;
    public BenchDatabase Database => database;
    public ProcessRegistry Registry => registry;
    public Ports Ports { get; } = new(options.PortBase);

    /// <summary>The current scenario and run, set by the harness, for file names and progress lines.</summary>
    public string Scenario { get; set; } = "";
    public int Run { get; set; }

    /// <summary>A fresh file in the work folder, such as <c>rate-1-03-arrivals.csv</c>.</summary>
    public string NewFile(string what, string extension) =>
        Path.Combine(workFolder, $"{Scenario}-{Run + 1}-{Interlocked.Increment(ref files):000}-{what}.{extension}");

    public void Log(string line) => Console.WriteLine($"[{Scenario} {Run + 1}] {line}");
}
