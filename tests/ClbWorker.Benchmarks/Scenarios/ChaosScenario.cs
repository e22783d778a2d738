using ClbWorker.Simulator.Traffic;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>
/// Processes killed, the database crashed and the receiver down while tasks of every fate run: nothing may be lost.
/// The tasks of mixed fate are made, enqueued, cancelled and read back in <c>ChaosScenario.Tasks.cs</c>.
/// </summary>
public sealed partial class ChaosScenario : IScenario
{
    private const int Limit = 50;
    private const int Processes = 3;

    public string Name => "chaos";
    public string Title => "3 processes, tasks of mixed fate at 50/s, SIGKILLs, PostgreSQL crash restarts, a receiver outage";
    public int DefaultRuns => 1;

    public string Description => """
        Three ClbWorker processes (one 50 requests/s account, a simulator limit of 50/s) get tasks enqueued at 50/s that
        end succeeded, failed, timed out (they never finish and have a deadline), invalid (the simulator does not know
        them) or cancelled (over the API while running). Meanwhile the harness SIGKILLs a random worker and starts it
        again, restarts PostgreSQL in immediate mode (a crash: every session cut, crash recovery at start), and kills
        the webhook receiver for a while. Afterwards it checks **in the database** that every task ended as its fate
        says, **at the receiver** that every final task's notification arrived verified (and how often, under how many
        webhook-ids), and **at the simulator** that no 1-second window held more than the limit. Recovery after a
        restart = time from PostgreSQL accepting connections again until the simulator sees half the request rate of
        the 5 s before it; the flush = time from the receiver's return until the last notification of a task that was
        final before the return arrived.
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("lost", "tasks lost (still pending at the end)", "", Target.Max(0), Invariant: true, Decimals: 0),
        new("wrong", "tasks ended otherwise than their fate", "", Target.Max(0), Invariant: true, Decimals: 0),
        new("notifications-lost", "final tasks without a verified notification", "", Target.Max(0), Invariant: true, Decimals: 0),
        new("ids", "tasks notified under more than one webhook-id", "", Target.Max(0), Decimals: 0),
        new("duplicates", "repeated deliveries of one webhook-id", "", Decimals: 0),
        new("max-window", "most arrivals in any 1-s window", "requests", Target.Max(Limit), Invariant: true, Decimals: 0),
        new("recovery", "recovery after a PostgreSQL restart, slowest", "s", Decimals: 1),
        new("flush", "receiver back → every notification delivered", "s", Target.Max(30), Decimals: 1),
        new("kills", "workers SIGKILLed", "", Decimals: 0),
        new("restarts", "PostgreSQL crash restarts", "", Decimals: 0),
    ];

    private sealed record Fated(string TaskId, string Fate, TimeSpan At, DateTimeOffset? Deadline, TimeSpan? CancelAt);

    private sealed record Plan(int Tasks, TimeSpan MaxDelay, TimeSpan DeadlineMin, TimeSpan DeadlineMax, TimeSpan CancelMax, int Kills,
        TimeSpan KillsFrom, TimeSpan KillsTo, TimeSpan[] Restarts, TimeSpan OutageFrom, TimeSpan OutageTo, TimeSpan Settle, string[]? RetrySchedule);

    private static readonly Plan Full = new(2000, TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(180),
        TimeSpan.FromSeconds(60), 10, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(200), [TimeSpan.FromSeconds(70), TimeSpan.FromSeconds(150)],
        TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(160), TimeSpan.FromMinutes(12), null);

    // Short enough to finish within the quick run; the retry schedule is shortened through its documented setting.
    private static readonly Plan Quick = new(300, TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(35),
        TimeSpan.FromSeconds(15), 3, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40), [TimeSpan.FromSeconds(20)],
        TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(23), TimeSpan.FromMinutes(2), ["00:00:01", "00:00:02", "00:00:05", "00:00:10", "00:00:30", "00:01:00"]);

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var plan = context.Quick ? Quick : Full;
        if (!context.Database.IsOwned)
        {
            if (context.Run == 0)
                notes.Add("PostgreSQL restarts skipped: the database came from ConnectionStrings__Postgres.");
            plan = plan with { Restarts = [] };
        }
        if (context.Run == 0)
        {
            notes.Add($"{plan.Tasks:N0} tasks (55 % succeed, 20 % fail, 10 % time out, 10 % invalid, 5 % cancelled) with runs of up to {plan.MaxDelay.TotalSeconds:0} s; " +
                      $"{plan.Kills} SIGKILLs, {plan.Restarts.Length} PostgreSQL restart(s), the receiver down {(plan.OutageTo - plan.OutageFrom).TotalSeconds:0} s.");
            notes.Add(plan.RetrySchedule is null
                ? "Webhook retries on the default schedule (5 s, 5 min, 30 min ...)."
                : $"Webhooks:RetrySchedule set to {string.Join(", ", plan.RetrySchedule)} so the quick run ends in time.");
        }
        foreach (var build in context.Builds.ForRun(context.Run))
        {
            context.Log($"{build.Label}: {plan.Tasks} tasks with faults");
            await MeasureAsync(context, build, plan, record, ct);
        }
    }

    private static async Task MeasureAsync(ScenarioContext context, WorkerBuild build, Plan plan, RunRecord record, CancellationToken ct)
    {
        var random = new Random(7919 + context.Run);
        var accounts = Credential.Make(1);
        await using var bed = await Testbed.StartAsync(context, accounts, Limit, Limit, withReceiver: true, ct);
        var extra = new Dictionary<string, string>();
        for (var i = 0; i < (plan.RetrySchedule?.Length ?? 0); i++)
            extra[$"Webhooks__RetrySchedule__{i}"] = plan.RetrySchedule![i];
        await bed.StartWorkersAsync(build, Processes, extra, ct);

        var fated = await MakeTasksAsync(bed, plan, random, ct);
        var began = DateTimeOffset.UtcNow;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var enqueueing = EnqueueAsync(bed, fated, began, stop.Token);
        var cancelling = CancelAsync(bed, fated, began, stop.Token);

        var restartsDone = new List<DateTimeOffset>();
        DateTimeOffset receiverBack = default;
        var events = new List<(TimeSpan At, string What, Func<Task> Act)>();
        for (var k = 0; k < plan.Kills; k++)
        {
            var victim = random.Next(Processes);
            events.Add((plan.KillsFrom + (plan.KillsTo - plan.KillsFrom) * random.NextDouble(), $"SIGKILL worker {victim + 1}", async () =>
                await bed.KillAndRestartAsync(bed.Workers[victim], extra, ct)));
        }
        foreach (var at in plan.Restarts)
        {
            events.Add((at, "restart PostgreSQL (immediate)", async () =>
            {
                await context.Database.RestartImmediateAsync(ct);
                restartsDone.Add(DateTimeOffset.UtcNow);
            }));
        }
        events.Add((plan.OutageFrom, "receiver down", () => bed.Receiver!.StopAsync()));
        events.Add((plan.OutageTo, "receiver back", async () =>
        {
            await bed.Receiver!.StartAgainAsync(ct);
            receiverBack = DateTimeOffset.UtcNow;
        }));
        foreach (var (at, what, act) in events.OrderBy(e => e.At))
        {
            var wait = began + at - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            context.Log($"t+{(DateTimeOffset.UtcNow - began).TotalSeconds:0} s: {what}");
            await act();
        }
        await enqueueing;
        await cancelling;

        // Settle: every task final and every final task's notification in, or the time is up.
        var settleBy = DateTimeOffset.UtcNow + plan.Settle;
        var tail = new ReceiptTail(bed.Receiver!.RecordFile);
        var receipts = new List<Receipt>();
        Dictionary<string, (string State, DateTimeOffset? CompletedAt)> states;
        while (true)
        {
            receipts.AddRange(tail.ReadNew());
            states = await StatesAsync(bed, ct);
            var notified = receipts.Where(r => r.Verified).Select(r => r.TaskId).ToHashSet();
            var pending = states.Count(s => s.Value.State == "pending");
            var unnotified = states.Count(s => s.Value.State != "pending" && !notified.Contains(s.Key));
            if ((pending == 0 && unnotified == 0) || DateTimeOffset.UtcNow > settleBy)
                break;
            await Task.Delay(1000, ct);
        }

        var label = build.Label;
        var verified = receipts.Where(r => r.Verified).ToList();
        var notifiedTasks = verified.Select(r => r.TaskId).ToHashSet();
        record.Add("lost", label, fated.Count(f => states.GetValueOrDefault(f.TaskId).State is null or "pending"));
        record.Add("wrong", label, fated.Count(f => states.GetValueOrDefault(f.TaskId).State is { } s && s != "pending" && s != f.Fate));
        record.Add("notifications-lost", label, states.Count(s => s.Value.State != "pending" && !notifiedTasks.Contains(s.Key)));
        record.Add("ids", label, verified.GroupBy(r => r.TaskId).Count(g => g.Select(r => r.MessageId).Distinct().Count() > 1));
        record.Add("duplicates", label, verified.Count - verified.Select(r => r.MessageId).Distinct().Count());
        var arrivals = Arrival.Read(bed.Simulator.ArrivalLog);
        record.Add("max-window", label, ArrivalWindows.MaxPerSecond(arrivals.Select(a => a.UnixMicros)));
        var recoveries = restartsDone.Select(r => Recovery(arrivals, r)).ToList();
        if (recoveries.Count > 0)
            record.Add("recovery", label, recoveries.Max());
        var backlog = states.Where(s => s.Value.CompletedAt is { } c && c <= receiverBack).Select(s => s.Key).ToHashSet();
        var lastBacklogReceipt = verified.Where(r => backlog.Contains(r.TaskId)).GroupBy(r => r.TaskId).Select(g => g.Min(r => r.At)).DefaultIfEmpty(receiverBack).Max();
        record.Add("flush", label, backlog.All(notifiedTasks.Contains) ? Math.Max(0, (lastBacklogReceipt - receiverBack).TotalSeconds) : double.PositiveInfinity);
        record.Add("kills", label, plan.Kills);
        record.Add("restarts", label, restartsDone.Count);
        context.Log($"{label}: lost {record.Get("lost", label)}, wrong {record.Get("wrong", label)}, notifications lost {record.Get("notifications-lost", label)}, " +
                    $"flush {record.Get("flush", label):0.0} s, recovery {string.Join("/", recoveries.Select(r => r.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} s");
    }

    // Seconds from the restart until the simulator again sees half the request rate of the 5 s before it.
    private static double Recovery(IReadOnlyList<Arrival> arrivals, DateTimeOffset restartedAt)
    {
        var at = arrivals.Select(a => a.At).Order().ToList();
        var before = at.Count(t => t > restartedAt - TimeSpan.FromSeconds(5) && t <= restartedAt - TimeSpan.FromSeconds(0.5)) / 4.5;
        var threshold = Math.Max(1, Math.Ceiling(before / 2));
        var after = at.Where(t => t > restartedAt).ToList();
        for (int start = 0, end = 0; end < after.Count; end++)
        {
            while (after[end] - after[start] >= TimeSpan.FromSeconds(1))
                start++;
            if (end - start + 1 >= threshold)
                return (after[end] - restartedAt).TotalSeconds;
        }
        return double.PositiveInfinity;
    }
}
