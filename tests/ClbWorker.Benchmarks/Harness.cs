using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Reporting;
using ClbWorker.Benchmarks.Scenarios;

namespace ClbWorker.Benchmarks;

/// <summary>Runs the chosen scenarios, prints one table each, writes the report after each, and says whether an invariant broke.</summary>
public static class Harness
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new RateScenario(), new LagScenario(), new ThroughputScenario(), new AccountsScenario(), new EnqueueScenario(),
        new ClaimScenario(), new WaitersScenario(), new ChaosScenario(), new ImagesScenario(),
    ];

    /// <returns>The process exit code: 0, or 1 when a quick run broke a hard invariant.</returns>
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        using var registry = new ProcessRegistry();
        var ct = registry.Interrupted;
        var work = Directory.CreateTempSubdirectory("clbworker-bench-").FullName;
        var keepWork = options.KeepWorkFolder;
        // Registered first, so it runs last, after every process that writes there has stopped.
        registry.OnCleanUp("the work folder", () => keepWork ? Task.CompletedTask : Task.Run(() => Directory.Delete(work, recursive: true)));
        var results = new List<ScenarioResult>();
        try
        {
            new Ports(options.PortBase).EnsureFree();
            var builds = await Builds.PrepareAsync(options, registry, work, ct);
            var database = await BenchDatabase.StartAsync(registry, ct);
            var machine = MachineInfo.Describe(database.Version);
            Console.WriteLine($"[harness] machine: {machine}");
            Console.WriteLine($"[harness] logs of every process: {work}{(options.KeepWorkFolder ? "" : " (deleted at the end; --keep keeps it)")}");
            var context = new ScenarioContext(options, builds, database, registry, work);
            var output = options.OutputFile ?? (options.Quick ? null : Path.Combine(builds.RepositoryRoot, "docs", "benchmarks.md"));

            foreach (var scenario in All.Where(s => options.Scenarios.Contains(s.Name)))
            {
                var result = new ScenarioResult(scenario.Name, scenario.Title, scenario.Description, scenario.Figures, builds.Commit, DateTimeOffset.UtcNow)
                {
                    Before = builds.Before?.Label,
                };
                var runs = options.Runs ?? (options.Quick ? 1 : scenario.DefaultRuns);
                context.Scenario = scenario.Name;
                for (var run = 0; run < runs; run++)
                {
                    ct.ThrowIfCancellationRequested();
                    context.Run = run;
                    context.Log($"run {run + 1} of {runs}{(options.Quick ? " (quick)" : "")}");
                    var record = new RunRecord();
                    await scenario.RunAsync(context, record, result.Notes, ct);
                    result.Runs.Add(record);
                }
                results.Add(result);
                Console.WriteLine();
                Console.WriteLine(ReportTable.ToText(result));
                Console.WriteLine();
                // Written after every scenario, so that a run stopped later keeps what it finished.
                if (output is not null)
                {
                    MarkdownReport.Write(output, results, machine, HarnessOptions.Known);
                    Console.WriteLine($"[harness] {scenario.Name} written to {output}");
                }
            }

            var broken = results.SelectMany(r => r.BrokenInvariants()).ToList();
            foreach (var line in broken)
                Console.Error.WriteLine($"[harness] INVARIANT BROKEN: {line}");
            return options.Quick && broken.Count > 0 ? 1 : 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("[harness] interrupted; the scenarios finished before were written, the one running was not");
            return 130;
        }
        catch (HarnessException error)
        {
            Console.Error.WriteLine($"[harness] {error.Message}");
            Console.Error.WriteLine($"[harness] the logs of every process are kept in {work}");
            keepWork = true;
            return 2;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Anything else (a statement that timed out, a process that would not start) ends the run the same way,
            // with what went wrong and where the logs are, after everything started is stopped.
            Console.Error.WriteLine($"[harness] the run failed: {error.GetType().Name}: {error.Message}");
            Console.Error.WriteLine($"[harness] the logs of every process are kept in {work}");
            keepWork = true;
            return 2;
        }
        finally
        {
            await registry.CleanUpAsync();
        }
    }
}
