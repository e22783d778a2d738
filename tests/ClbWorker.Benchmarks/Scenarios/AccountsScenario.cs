using ClbWorker.Simulator.Traffic;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>Fifty accounts at 20/s each, sustained: total polls per second, each key's windows, and what a process costs.</summary>
public sealed class AccountsScenario : IScenario
{
    private const int Limit = 20;

    public string Name => "accounts";
    public string Title => "50 accounts × 20/s = 1,000 polls/s sustained, by 1 and by 3 processes";
    public int DefaultRuns => 3;

    public string Description => """
        Fifty accounts, each with its own key and a 20 requests/s budget, have tasks that keep running, so polling never
        runs out of work. After a warm-up the harness measures a sustained window. **Counted at the simulator**: answered
        polls per second over the window, the most requests of any one key in any 1-second window, refusals. **Read from
        `/proc`**: each worker process's CPU seconds over the window and its peak resident memory (VmHWM), and, with 3
        processes, each process's share of the requests (by the connection each request came on). **Handover**: then the
        process with the largest share is SIGKILLed and not restarted; counted at the simulator, the seconds until the two
        left answer at least 95 % of the rate before the kill, three seconds running (the target is one lease,
        `Polling:LeaseDuration`, 30 s).
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("polls-1", "1 process: answered polls/s sustained", "polls/s", Target.Min(980), Decimals: 1),
        new("polls-3", "3 processes: answered polls/s sustained", "polls/s", Target.Min(980), Decimals: 1),
        new("key-window", "most requests of one key in any 1-s window", "requests", Target.Max(Limit), Invariant: true, Decimals: 0),
        new("refusals", "RequestLimitExceeded answers", "", Target.Max(0), Decimals: 0),
        new("cpu-1", "1 process: CPU per process", "core %", Decimals: 1),
        new("cpu-3", "3 processes: CPU per process (mean)", "core %", Decimals: 1),
        new("rss", "peak RSS of any process", "MiB", Target.Max(300), Decimals: 0),
        new("min-share", "3 processes: smallest share of the requests", "%", Target.Min(20), Decimals: 1),
        new("max-share", "3 processes: largest share of the requests", "%", Decimals: 1),
        new("handover", "3 processes, the busiest SIGKILLed: seconds until the others carry its share", "s", Target.Max(Lease), Decimals: 1),
    ];

    private const double Lease = 30;

    // How long the harness watches after the kill; a handover not seen by then is reported as this long.
    private static readonly TimeSpan HandoverWatch = TimeSpan.FromSeconds(Lease * 2);

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var accounts = context.Quick ? 10 : 50;
        var perAccount = context.Quick ? 40 : 60;
        var warmUp = TimeSpan.FromSeconds(context.Quick ? 5 : 15);
        var window = TimeSpan.FromSeconds(context.Quick ? 12 : 120);
        if (context.Run == 0)
            notes.Add($"{accounts} accounts × {perAccount} running tasks; warm-up {warmUp.TotalSeconds:0} s, window {window.TotalSeconds:0} s; " +
                      (context.Quick ? $"the polls/s target is for 50 accounts (a quick run has {accounts}, so {accounts * Limit} is its ceiling). " : "") +
                      $"sends are planned 1.04 / RequestsPerSecond apart (Polling:RateWindowSlack), so {accounts} keys at {Limit}/s top out at " +
                      $"{accounts * Limit / 1.04:0.0} polls/s.");
        foreach (var build in context.Builds.ForRun(context.Run))
        {
            // A quick run checks the per-key invariant with three processes sharing the keys; the full run measures both.
            foreach (var processes in context.Quick ? new[] { 3 } : new[] { 1, 3 })
            {
                context.Log($"{build.Label}: {accounts} accounts, {processes} process(es)");
                await MeasureAsync(context, build, record, accounts, perAccount, processes, warmUp, window, ct);
            }
        }
    }

    private static async Task MeasureAsync(ScenarioContext context, WorkerBuild build, RunRecord record, int accountCount, int perAccount,
        int processes, TimeSpan warmUp, TimeSpan window, CancellationToken ct)
    {
        var accounts = Credential.Make(accountCount);
        await using var bed = await Testbed.StartAsync(context, accounts, Limit, Limit, withReceiver: false, ct);
        var simulated = await bed.Simulator.CreateTasksAsync(accountCount * perAccount, TimeSpan.Zero, "never", ct);
        await bed.StartWorkersAsync(build, processes, null, ct);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var owners = new SocketOwners();
        var sampler = owners.SampleUntilAsync(() => bed.Workers.ToDictionary(w => w.Process.Id, w => w.Index), bed.Simulator.Port,
            TimeSpan.FromMilliseconds(500), sampling.Token);

        await new TaskTable(bed.DataSource).InsertAsync([.. simulated.Select((t, i) => (t.TaskId, accounts[i % accountCount].Account))], ct);
        await Task.Delay(warmUp, ct);
        var from = DateTimeOffset.UtcNow;
        var cpuBefore = bed.Workers.Select(w => ProcessMeter.CpuSeconds(w.Process.Id)).ToArray();
        await Task.Delay(window, ct);
        var to = DateTimeOffset.UtcNow;
        var cpu = bed.Workers.Select((w, i) => (ProcessMeter.CpuSeconds(w.Process.Id) - cpuBefore[i]) / (to - from).TotalSeconds * 100).ToArray();
        var rss = bed.Workers.Max(w => ProcessMeter.PeakRssMiB(w.Process.Id));
        await sampling.CancelAsync();
        await sampler;

        var inWindow = Arrival.Read(bed.Simulator.ArrivalLog).Where(a => a.At >= from && a.At < to).ToList();
        var rate = inWindow.Count(a => a.IsDescribeTaskStatus && a.Answered) / (to - from).TotalSeconds;
        var label = build.Label;
        record.Add($"polls-{processes}", label, rate);
        record.Add($"cpu-{processes}", label, cpu.Average());
        record.Add("rss", label, Math.Max(rss, record.Get("rss", label) ?? 0));
        if (processes == 3)
        {
            var shares = Enumerable.Range(0, processes)
                .Select(i => 100.0 * inWindow.Count(a => owners.OwnerOf(a.RemotePort) == i) / Math.Max(1, inWindow.Count)).Order().ToList();
            record.Add("min-share", label, shares[0]);
            record.Add("max-share", label, shares[^1]);
            var handover = await HandoverAsync(bed, owners, rate, ct);
            record.Add("handover", label, handover);
            context.Log($"{label}: the busiest process SIGKILLed, the others carried its share after {handover:0.0} s");
        }

        // The windows and refusals of the whole run, the handover included.
        var all = Arrival.Read(bed.Simulator.ArrivalLog);
        var keyWindow = all.GroupBy(a => a.SecretId).Max(g => ArrivalWindows.MaxPerSecond(g.Select(a => a.UnixMicros)));
        record.Add("key-window", label, Math.Max(keyWindow, record.Get("key-window", label) ?? 0));
        record.Add("refusals", label, all.Count(a => a.RateLimited) + (record.Get("refusals", label) ?? 0));
        context.Log($"{label}, {processes} process(es): {rate:0.0} polls/s, CPU {string.Join("/", cpu.Select(c => c.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} %, RSS {rss:0} MiB");
    }

    /// <summary>
    /// SIGKILLs the process that sent the most requests and returns the seconds from the kill until the answered polls of
    /// three consecutive seconds each reach 95 % of <paramref name="rateBefore"/>.
    /// </summary>
    private static async Task<double> HandoverAsync(Testbed bed, SocketOwners owners, double rateBefore, CancellationToken ct)
    {
        // The last seconds the socket sampler watched: every port in them has an owner.
        var all = Arrival.Read(bed.Simulator.ArrivalLog);
        var recent = all.Where(a => a.At >= all[^1].At.AddSeconds(-10)).ToList();
        var busiest = bed.Workers.MaxBy(w => recent.Count(a => owners.OwnerOf(a.RemotePort) == w.Index))!;
        await busiest.Process.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await Task.Delay(HandoverWatch, ct);

        var perSecond = new int[(int)HandoverWatch.TotalSeconds];
        foreach (var arrival in Arrival.Read(bed.Simulator.ArrivalLog))
        {
            var second = (int)Math.Floor((arrival.At - killedAt).TotalSeconds);
            if (second >= 0 && second < perSecond.Length && arrival.IsDescribeTaskStatus && arrival.Answered)
                perSecond[second]++;
        }
        for (var second = 0; second + 3 <= perSecond.Length; second++)
        {
            if (perSecond.Skip(second).Take(3).All(count => count >= 0.95 * rateBefore))
                return second;
        }
        return HandoverWatch.TotalSeconds;
    }
}
