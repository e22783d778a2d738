using System.Diagnostics;
using ClbWorker.Benchmarks.Baselines;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;
using Hangfire;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>The rate limit out of the way: how many tasks per second go from enqueue to a verified webhook.</summary>
public sealed class ThroughputScenario : IScenario
{
    private const int Accounts = 50;
    private const int PerAccount = 1000;
    private const int SimulatorLimit = 100_000;
    public const string Baseline = "one Hangfire job per task";

    public string Name => "throughput";
    public string Title => "50,000 tasks that finish at their first poll, limits out of the way";
    public int DefaultRuns => 3;

    public string Description => $"""
        The simulator accepts {SimulatorLimit:N0} requests/s per key; ClbWorker has {Accounts} accounts at {PerAccount:N0}
        requests/s each (Tencent:RequestsPerSecond), so the rate limit is out of the way. Every task finishes at its first
        poll. The clock starts when the harness begins enqueueing (multi-row SQL INSERTs) and stops when **the receiver**
        holds the last verified webhook; tasks per second = tasks ÷ that time, with 1 and with 3 ClbWorker processes.
        Side by side, the baseline written in the harness runs {Baseline} on Hangfire.PostgreSql (a process of its
        own with {HangfireBaseline.WorkerCount} Hangfire workers and a 200 ms queue poll interval: the job polls once, schedules
        itself again a second later while the task runs, and sends the signed webhook when it ends), timed the same
        way from the first enqueued job to the last verified webhook.
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("tps-1", "1 process: tasks/s enqueue to verified webhook", "tasks/s", Target.Min(3000), Decimals: 0),
        new("tps-3", "3 processes: tasks/s enqueue to verified webhook", "tasks/s", Target.Min(3000), Decimals: 0),
        new("ratio", $"1 process ÷ {Baseline}", "", Target.Min(20), Decimals: 1),
        new("lost", "tasks without a verified webhook", "", Target.Max(0), Invariant: true, Decimals: 0),
        new("rss", "peak RSS of the busiest process", "MiB", Decimals: 0),
        new("tasks", "tasks", "", Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var count = context.Quick ? 2_000 : 50_000;
        var baselineCount = context.Quick ? 200 : 2_000;
        if (context.Run == 0)
            notes.Add($"{count:N0} tasks for ClbWorker, {baselineCount:N0} for the baseline (it is slower; its rate is what counts). " +
                      "ClbWorker settings besides the accounts: Webhooks:MaxConcurrentDeliveries 64, Webhooks:MaxConcurrentPerEndpoint 32 (one receiver takes every notification).");
        foreach (var build in context.Builds.ForRun(context.Run))
        {
            // A quick run checks the invariant with one process; the full run measures both.
            foreach (var processes in context.Quick ? new[] { 1 } : new[] { 1, 3 })
            {
                context.Log($"{build.Label}: {count} tasks through {processes} process(es)");
                var (rate, lost, rss) = await MeasureClbWorkerAsync(context, build, processes, count, ct);
                record.Add($"tps-{processes}", build.Label, rate);
                record.Add("lost", build.Label, lost + (record.Get("lost", build.Label) ?? 0));
                record.Add("rss", build.Label, Math.Max(rss, record.Get("rss", build.Label) ?? 0));
                record.Add("tasks", build.Label, count);
                context.Log($"{build.Label}, {processes} process(es): {rate:0} tasks/s, {lost} lost");
            }
        }
        context.Log($"{Baseline}: {baselineCount} tasks");
        var (baseline, baselineLost) = await MeasureBaselineAsync(context, baselineCount, ct);
        record.Add("tps-1", Baseline, baseline);
        record.Add("lost", Baseline, baselineLost);
        record.Add("tasks", Baseline, baselineCount);
        foreach (var build in context.Builds.ForRun(context.Run))
            record.Add("ratio", build.Label, record.Get("tps-1", build.Label)!.Value / baseline);
        context.Log($"{Baseline}: {baseline:0.0} tasks/s");
    }

    private static async Task<(double Rate, int Lost, double Rss)> MeasureClbWorkerAsync(ScenarioContext context, WorkerBuild build, int processes,
        int count, CancellationToken ct)
    {
        var accounts = Credential.Make(Accounts);
        await using var bed = await Testbed.StartAsync(context, accounts, PerAccount, SimulatorLimit, withReceiver: true, ct);
        var simulated = await bed.Simulator.CreateTasksAsync(count, TimeSpan.Zero, "succeeded", ct);
        await bed.StartWorkersAsync(build, processes, new Dictionary<string, string>
        {
            ["Webhooks__MaxConcurrentDeliveries"] = "64",
            ["Webhooks__MaxConcurrentPerEndpoint"] = "32",
        }, ct);
        var started = DateTimeOffset.UtcNow;
        await new TaskTable(bed.DataSource).InsertAsync([.. simulated.Select((t, i) => (t.TaskId, accounts[i % Accounts].Account))], ct);
        var receipts = await WaitForReceiptsAsync(bed.Receiver!, simulated.Select(t => t.TaskId), TimeSpan.FromSeconds(60 + count / 100), ct);
        var rss = bed.Workers.Max(w => ProcessMeter.PeakRssMiB(w.Process.Id));
        var last = receipts.Values.DefaultIfEmpty(started).Max();
        return (receipts.Count / (last - started).TotalSeconds, count - receipts.Count, rss);
    }

    private static async Task<(double Rate, int Lost)> MeasureBaselineAsync(ScenarioContext context, int count, CancellationToken ct)
    {
        var accounts = Credential.Make(1);
        await using var bed = await Testbed.StartAsync(context, accounts, PerAccount, SimulatorLimit, withReceiver: true, ct);
        var simulated = await bed.Simulator.CreateTasksAsync(count, TimeSpan.Zero, "succeeded", ct);
        var storage = HangfireBaseline.Storage(bed.ConnectionString);
        await using var server = ChildProcess.Start(context.Registry, "hangfire baseline", "dotnet", [Builds.HarnessDll, HangfireBaseline.ServeCommand],
            HangfireBaseline.Environment(bed.ConnectionString, bed.Simulator.Endpoint, accounts[0], bed.Receiver!), context.NewFile("baseline", "log"));
        await server.WaitForLineAsync("hangfire baseline serving", TimeSpan.FromSeconds(60), ct);
        var client = new BackgroundJobClient(storage);
        var started = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(simulated, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, (task, _) =>
        {
            client.Enqueue<HangfireBaseline.PollTaskJob>(j => j.RunAsync(task.TaskId, task.Region));
            return ValueTask.CompletedTask;
        });
        var receipts = await WaitForReceiptsAsync(bed.Receiver!, simulated.Select(t => t.TaskId), TimeSpan.FromSeconds(60 + count / 5), ct);
        var last = receipts.Values.DefaultIfEmpty(started).Max();
        return (receipts.Count / (last - started).TotalSeconds, count - receipts.Count);
    }

    /// <summary>Waits until every task has a verified webhook (or time is up); returns when each first arrived.</summary>
    internal static async Task<Dictionary<string, DateTimeOffset>> WaitForReceiptsAsync(ReceiverNode receiver, IEnumerable<string> taskIds, TimeSpan within,
        CancellationToken ct)
    {
        var expected = taskIds.ToHashSet();
        var first = new Dictionary<string, DateTimeOffset>();
        var tail = new ReceiptTail(receiver.RecordFile);
        var clock = Stopwatch.StartNew();
        while (first.Count < expected.Count && clock.Elapsed < within)
        {
            foreach (var receipt in tail.ReadNew().Where(r => r.Verified && expected.Contains(r.TaskId)))
                first.TryAdd(receipt.TaskId, receipt.At);
            await Task.Delay(100, ct);
        }
        return first;
    }
}
