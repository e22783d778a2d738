using ClbWorker.Simulator.Traffic;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>Three workers share one key's 20 requests/s: never a window over the limit, and the budget used to the full.</summary>
public sealed partial class RateScenario : IScenario
{
    private const int Limit = 20;
    private const int Processes = 3;

    public string Name => "rate";
    public string Title => "3 worker processes, one key at 20/s, a backlog of due tasks";
    public int DefaultRuns => 3;

    public string Description => """
        Three ClbWorker processes poll one account whose budget is 20 requests/s, against a simulator that refuses the
        21st request in any sliding second. The tasks finish at their first poll, so every answered poll drains one.
        **Counted at the simulator** from its arrival log: the most requests that reached it in any 1-second window
        (every request of any kind, signed or not), the drain rate of answered DescribeTaskStatus calls between the
        first and the last (÷ 20 = utilisation), `RequestLimitExceeded` refusals, and requests that were not signed
        DescribeTaskStatus calls. Each process's share of the requests is attributed by the connection it came on
        (`/proc`). Tasks lost or wrong: **counted in the database** after the drain. A process's first request goes out on
        a connection it has not used yet: how late it arrives after the slot the process planned for it (each worker logs
        that slot on the database clock; the simulator stamps the arrival on the same machine's clock) shows whether it
        lands in its slot. The simulator is sent a few signed requests before the workers start, so that its own first
        request (compiling, accepting its first connection) is not counted against them: Tencent's servers are never cold.
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("max-window", "most arrivals in any 1-s window", "requests", Target.Max(Limit), Invariant: true, Decimals: 0),
        new("utilisation", "drain rate ÷ limit", "", Target.Min(0.96), Decimals: 3),
        new("drain", "drain rate of answered polls", "polls/s", Decimals: 2),
        new("refusals", "RequestLimitExceeded answers", "", Target.Max(0), Decimals: 0),
        new("not-polls", "requests other than signed DescribeTaskStatus", "", Target.Max(0), Invariant: true, Decimals: 0),
        new("first-late", "first request of a process: arrival − its planned slot, the latest", "ms", Target.Max(40), Decimals: 1),
        new("busiest-share", "share of the busiest process", "%", Decimals: 1),
        new("idlest-share", "share of the least busy process", "%", Decimals: 1),
        new("lost", "tasks not succeeded after the drain", "", Target.Max(0), Invariant: true, Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var count = context.Quick ? 300 : 2000;
        if (context.Run == 0)
            notes.Add($"{count:N0} tasks, {Processes} processes, Tencent:RequestsPerSecond {Limit}, simulator limit {Limit}/s per key.");
        foreach (var build in context.Builds.ForRun(context.Run))
        {
            context.Log($"{build.Label}: {count} tasks through {Processes} processes");
            var accounts = Credential.Make(1);
            await using var bed = await Testbed.StartAsync(context, accounts, Limit, Limit, withReceiver: false, ct);
            var simulated = await bed.Simulator.CreateTasksAsync(count, TimeSpan.Zero, "succeeded", ct);
            await bed.StartWorkersAsync(build, Processes, FirstPollLog, ct);

            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var owners = new SocketOwners();
            var sampler = owners.SampleUntilAsync(() => bed.Workers.ToDictionary(w => w.Process.Id, w => w.Index), bed.Simulator.Port,
                TimeSpan.FromMilliseconds(500), sampling.Token);

            var tasks = new TaskTable(bed.DataSource);
            await tasks.InsertAsync([.. simulated.Select(t => (t.TaskId, "default"))], ct);
            var final = await tasks.WaitFinalAsync(count, TimeSpan.FromSeconds(count / (Limit * 0.5) + 60), ct);
            await sampling.CancelAsync();
            await sampler;

            var states = await tasks.StatesAsync(ct);
            var arrivals = Arrival.Read(bed.Simulator.ArrivalLog);
            var answered = arrivals.Where(a => a.IsDescribeTaskStatus && a.Answered).Select(a => a.UnixMicros).Order().ToList();
            var drain = ArrivalWindows.Rate(answered);
            record.Add("max-window", build.Label, ArrivalWindows.MaxPerSecond(arrivals.Select(a => a.UnixMicros)));
            record.Add("drain", build.Label, drain);
            record.Add("utilisation", build.Label, drain / Limit);
            record.Add("refusals", build.Label, arrivals.Count(a => a.RateLimited));
            record.Add("not-polls", build.Label, arrivals.Count(a => !a.IsDescribeTaskStatus || a.SecretId.Length == 0));
            var shares = Enumerable.Range(0, Processes)
                .Select(i => 100.0 * arrivals.Count(a => owners.OwnerOf(a.RemotePort) == i) / Math.Max(1, arrivals.Count)).Order().ToList();
            record.Add("busiest-share", build.Label, shares[^1]);
            record.Add("idlest-share", build.Label, shares[0]);
            record.Add("lost", build.Label, simulated.Count(t => states.GetValueOrDefault(t.TaskId) != "succeeded"));
            if (FirstRequestLateness(bed, arrivals, owners) is { } late)
                record.Add("first-late", build.Label, late);
            context.Log($"{build.Label}: {final}/{count} final, drain {drain:0.00}/s, shares {string.Join("/", shares.Select(s => s.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} %");
        }
    }

    // The worker logs the slot of its first request on each key at Information.
    private static readonly Dictionary<string, string> FirstPollLog = new() { ["Logging__LogLevel__ClbWorker.Polling"] = "Information" };

    /// <returns>The latest any process's first request arrived after its planned slot, in ms; null when no process logged its slot.</returns>
    private static double? FirstRequestLateness(Testbed bed, IReadOnlyList<Arrival> arrivals, SocketOwners owners)
    {
        double? latest = null;
        foreach (var worker in bed.Workers)
        {
            var planned = File.ReadLines(worker.Process.LogFile).Select(l => FirstRequestSlot().Match(l)).FirstOrDefault(m => m.Success);
            var first = arrivals.Where(a => owners.OwnerOf(a.RemotePort) == worker.Index).MinBy(a => a.UnixMicros);
            if (planned is null || first is null)
                continue;
            var slot = DateTimeOffset.Parse(planned.Groups["slot"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var late = (first.At - slot).TotalMilliseconds;
            latest = Math.Max(latest ?? late, late);
        }
        return latest;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"First request of this run for account \S+ at \S+ sent for its slot at (?<slot>\S+) \(database clock\)")]
    private static partial System.Text.RegularExpressions.Regex FirstRequestSlot();
}
