using ClbWorker.Simulator.Traffic;
using System.Threading.Channels;
using ClbWorker.Benchmarks.Baselines;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>
/// Detection lag with N tasks in flight on one 20/s key: ClbWorker against a Terraform-style waiter on the same trace
/// and budget, and against the round-robin optimum.
/// </summary>
public sealed class LagScenario : IScenario
{
    private const int Limit = 20;
    public const string Terraform = "Terraform-style waiter";
    public const string Optimum = "round-robin optimum N/(2R)";

    public string Name => "lag";
    public string Title => "detection lag with 10, 50 and 200 tasks in flight at 20/s";
    public int DefaultRuns => 3;

    public string Description => $"""
        Tasks run for times drawn from one seeded log-normal trace (median 8 s, 95th percentile 60 s). N of them are
        kept in flight: when one is detected, the next of the trace starts (closed loop), for a measurement window;
        tasks that end in the window count. **Detection lag** = when the subject learnt the final state − when the
        simulator started answering Status 0/1 (its task record). For ClbWorker the subject learns it when **the
        receiver** holds the verified webhook (one worker process, Tencent:RequestsPerSecond 20); for the
        {Terraform} (written in the harness: one loop per task, polls at once and after 0.5, 1, 2, 4, 8 s, then every
        10 s, through a 15 requests/s client limiter, as terraform-provider-tencentcloud does) when its poll reads it.
        Polls per task are **counted at the simulator** by task id. The optimum is computed: a perfect round-robin
        over N tasks at R = 20 requests/s polls each every N/R seconds, so its lag is uniform over [0, N/R] (mean N/(2R)).
        """;

    private static readonly int[] FullSizes = [10, 50, 200];
    private static readonly int[] QuickSizes = [50];

    public IReadOnlyList<Figure> Figures { get; } =
    [
        .. FullSizes.SelectMany(n => new Figure[]
        {
            new($"mean-{n}", $"{n} in flight: mean lag", "s", Decimals: 2),
            new($"p50-{n}", $"{n} in flight: median lag", "s", Decimals: 2),
            new($"p99-{n}", $"{n} in flight: p99 lag", "s", n == 50 ? Target.Max(2.8) : null, Decimals: 2),
            new($"polls-{n}", $"{n} in flight: polls per task", "", Decimals: 2),
            new($"tasks-{n}", $"{n} in flight: tasks measured", "", Decimals: 0),
        }),
        new("optimum-ratio-50", "50 in flight: mean lag ÷ optimum", "", Target.Max(1.15), Decimals: 2),
        new("terraform-ratio-50", $"50 in flight: {Terraform} mean lag ÷ ClbWorker's", "", Target.Min(3), Decimals: 2),
        new("aborted", "waits aborted by an API error", "", Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var sizes = context.Quick ? QuickSizes : FullSizes;
        var window = context.Quick ? TimeSpan.FromSeconds(12) : TimeSpan.FromSeconds(60);
        if (context.Run == 0)
            notes.Add($"Window {window.TotalSeconds:0} s per size; one ClbWorker process with default polling settings; the simulator refuses past 20/s.");
        foreach (var n in sizes)
        {
            var trace = LogNormalTrace.Durations(20_000);
            foreach (var build in context.Builds.ForRun(context.Run))
            {
                context.Log($"{build.Label}, {n} in flight");
                var lags = await MeasureClbWorkerAsync(context, build, n, window, trace, ct);
                Add(record, build.Label, n, lags);
            }
            context.Log($"{Terraform}, {n} in flight");
            var (terraform, aborted) = await MeasureTerraformAsync(context, n, window, trace, ct);
            Add(record, Terraform, n, terraform);
            record.Add("aborted", Terraform, aborted);
            var mean = n / (2.0 * Limit);
            record.Add($"mean-{n}", Optimum, mean);
            record.Add($"p50-{n}", Optimum, mean);
            record.Add($"p99-{n}", Optimum, 0.99 * n / Limit);
            if (n == 50)
            {
                var ours = record.Get("mean-50", ScenarioResult.ClbWorker);
                record.Add("optimum-ratio-50", ScenarioResult.ClbWorker, ours!.Value / mean);
                record.Add("terraform-ratio-50", ScenarioResult.ClbWorker, record.Get("mean-50", Terraform)!.Value / ours.Value);
                if (context.Builds.Before is { } before && record.Get("mean-50", before.Label) is { } theirs)
                {
                    record.Add("optimum-ratio-50", before.Label, theirs / mean);
                    record.Add("terraform-ratio-50", before.Label, record.Get("mean-50", Terraform)!.Value / theirs);
                }
            }
        }
    }

    private static void Add(RunRecord record, string subject, int n, Measured measured)
    {
        var sorted = Percentiles.Sorted(measured.Lags);
        record.Add($"mean-{n}", subject, Percentiles.Mean(sorted));
        record.Add($"p50-{n}", subject, Percentiles.Of(sorted, 50));
        record.Add($"p99-{n}", subject, Percentiles.Of(sorted, 99));
        record.Add($"polls-{n}", subject, measured.PollsPerTask);
        record.Add($"tasks-{n}", subject, sorted.Length);
    }

    private sealed record Measured(IReadOnlyList<double> Lags, double PollsPerTask);

    private static async Task<Measured> MeasureClbWorkerAsync(ScenarioContext context, WorkerBuild build, int n, TimeSpan window,
        IReadOnlyList<TimeSpan> trace, CancellationToken ct)
    {
        await using var bed = await Testbed.StartAsync(context, Credential.Make(1), Limit, Limit, withReceiver: true, ct);
        await bed.StartWorkersAsync(build, 1, null, ct);
        var tasks = new TaskTable(bed.DataSource);
        var detected = Channel.CreateUnbounded<(string TaskId, DateTimeOffset At)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tail = new ReceiptTail(bed.Receiver!.RecordFile);
        var pump = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var receipt in tail.ReadNew().Where(r => r.Verified))
                    detected.Writer.TryWrite((receipt.TaskId, receipt.At));
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);
        try
        {
            return await ClosedLoopAsync(bed, n, window, trace,
                task => tasks.InsertAsync([(task.TaskId, "default")], ct), detected.Reader, ct);
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    private static async Task<(Measured Measured, int Aborted)> MeasureTerraformAsync(ScenarioContext context, int n, TimeSpan window,
        IReadOnlyList<TimeSpan> trace, CancellationToken ct)
    {
        var accounts = Credential.Make(1);
        await using var bed = await Testbed.StartAsync(context, accounts, Limit, Limit, withReceiver: false, ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var waiter = new TerraformStyleWaiter(new SignedClbClient(http, bed.Simulator.Endpoint, accounts[0]), new SpacingLimiter(15));
        var detected = Channel.CreateUnbounded<(string TaskId, DateTimeOffset At)>();
        var aborted = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loops = new List<Task>();
        var measured = await ClosedLoopAsync(bed, n, window, trace, task =>
        {
            loops.Add(Task.Run(async () =>
            {
                var (at, status, error) = await waiter.WaitAsync(task.TaskId, task.Region, stop.Token);
                if (error is null)
                    detected.Writer.TryWrite((task.TaskId, at));
                else
                {
                    Interlocked.Increment(ref aborted);
                    // An aborted apply stops waiting; the loop starts the next task as a new apply would.
                    detected.Writer.TryWrite((task.TaskId, DateTimeOffset.MinValue));
                }
            }, CancellationToken.None));
            return Task.CompletedTask;
        }, detected.Reader, ct);
        await stop.CancelAsync();
        await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        return (measured, aborted);
    }

    /// <summary>
    /// Keeps <paramref name="n"/> tasks in flight for <paramref name="window"/>, starting the next of the trace each time
    /// one is detected, then waits for the tasks that ended within the window; returns their lags and polls per task.
    /// </summary>
    private static async Task<Measured> ClosedLoopAsync(Testbed bed, int n, TimeSpan window, IReadOnlyList<TimeSpan> trace,
        Func<SimulatorNode.SimulatedTask, Task> start, ChannelReader<(string TaskId, DateTimeOffset At)> detected, CancellationToken ct)
    {
        var completesAt = new Dictionary<string, DateTimeOffset>();
        var detectedAt = new Dictionary<string, DateTimeOffset>();
        var next = 0;
        async Task StartNextAsync()
        {
            var task = (await bed.Simulator.CreateTasksAsync(1, trace[next++ % trace.Count], "succeeded", ct))[0];
            completesAt[task.TaskId] = task.CompletesAt!.Value;
            await start(task);
        }

        var began = DateTimeOffset.UtcNow;
        var windowEnd = began + window;
        for (var i = 0; i < n; i++)
            await StartNextAsync();
        var giveUp = windowEnd + TimeSpan.FromSeconds(30);
        while (true)
        {
            var waiting = completesAt.Where(c => c.Value <= windowEnd && !detectedAt.ContainsKey(c.Key)).ToList();
            if (DateTimeOffset.UtcNow > windowEnd && waiting.Count == 0 || DateTimeOffset.UtcNow > giveUp)
                break;
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                var (taskId, at) = await detected.ReadAsync(wait.Token);
                if (!completesAt.ContainsKey(taskId) || !detectedAt.TryAdd(taskId, at))
                    continue;
                if (DateTimeOffset.UtcNow < windowEnd)
                    await StartNextAsync();
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
            }
        }

        var counted = completesAt.Where(c => c.Value <= windowEnd && detectedAt.TryGetValue(c.Key, out var at) && at != DateTimeOffset.MinValue)
            .Select(c => c.Key).ToHashSet();
        var lags = counted.Select(id => (detectedAt[id] - completesAt[id]).TotalSeconds).ToList();
        var polls = Arrival.Read(bed.Simulator.ArrivalLog).Count(a => a.IsDescribeTaskStatus && counted.Contains(a.TaskId));
        return new Measured(lags, counted.Count == 0 ? double.NaN : (double)polls / counted.Count);
    }
}
