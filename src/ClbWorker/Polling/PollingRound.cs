using System.Collections.Concurrent;
using ClbWorker.LeasedWork;
using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>
/// One polling run's rounds: find the (account, endpoint host) keys with due work, most overdue first; for each,
/// claim tasks, reserve send slots from the key's shared budget, and plan one request per task at its slot
/// (<see cref="PollSender"/>). Tasks claimed but not yet given a slot wait in a <see cref="KeyBacklog"/>. Claims and
/// backlogs are here; reserving slots and planning sends in <c>PollingRound.Sends.cs</c>.
/// </summary>
internal sealed partial class PollingRound : ILeasedWorkRound<PollOutcome>
{
    // Unknown-account tasks are made final in batches of this size per round.
    private const int InvalidateBatch = 1000;
    // A round starts this long before the previous reservation runs out, so reservations join up (at most half
    // the horizon, or a short horizon would leave nothing to reserve).
    private static readonly TimeSpan MaxLead = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(20);
    // Within this, mapped slot times are as good as the scheduler that waits for them.
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMilliseconds(2);
    private const int MaxClockReadings = 10;

    private readonly PollingDependencies deps;
    private readonly LeasedWorkRun<PollOutcome> run;
    private readonly Dictionary<RateLimitKey, KeyBacklog> backlogs = [];
    private readonly ConcurrentQueue<(ClaimedTask Task, RateLimitKey Key, long ClaimedAt)> missedSlots = new();
    private readonly AccountPauses pauses;
    private readonly PollSender sender;
    private readonly PollResultWriter writer;

    public PollingRound(PollingDependencies deps, LeasedWorkRun<PollOutcome> run)
    {
        this.deps = deps;
        this.run = run;
        pauses = new AccountPauses(deps.Pauses, Options.AccountPauseRetry, deps.Time);
        sender = new PollSender(deps, run, pauses, Summary, Retry);
        writer = new PollResultWriter(deps, run.Owner, pauses, Summary);
    }

    public PollingRunSummary Summary { get; } = new();

    private PollingOptions Options => deps.Options.Value;

    private TimeSpan Lead => Min(MaxLead, Options.ReservationHorizon / 2);

    private int Backlogged => backlogs.Values.Sum(b => b.Count);

    public async Task<RoundResult> RunOnceAsync(CancellationToken ct)
    {
        await pauses.RefreshAsync(ct);
        // Before the idle check: a task whose slot was missed is leased to this worker, so it is not due in the
        // table, and left out here it would wait for its lease to run out with nothing else due.
        ReturnMissedSlots();
        var groups = await deps.Store.DueGroupsAsync(Options.EarlyPolling ? Options.MaxDelay : TimeSpan.Zero, ct);
        if (groups.Count == 0 && Backlogged == 0)
            return RoundResult.Idle(Options.IdleCheckInterval);

        var invalidated = await InvalidateUnknownAccountsAsync(groups, ct);
        var claimed = 0;
        var scheduled = 0;
        var next = Options.IdleCheckInterval;
        var (order, due) = KeysByDueTime(groups);
        foreach (var backlog in order)
        {
            var access = pauses.AccessFor(backlog.Key);
            if (access == KeyAccess.Hold)
            {
                Release(backlog.TakeAll(), backlog.Key);
                continue;
            }
            Release(backlog.TakeStale(claimedAt => deps.Time.GetElapsedTime(claimedAt) > Options.LeaseDuration / 2), backlog.Key);

            var target = access == KeyAccess.Probe ? 1 : ClaimTarget(backlog.Account);
            var room = Math.Min(target - backlog.Count, run.FreeCapacity - Backlogged);
            if (room > 0 && due.Contains(backlog.Key))
            {
                var tasks = await ClaimAsync(backlog, room, probing: access == KeyAccess.Probe, ct);
                backlog.Add(tasks, deps.Time.GetTimestamp());
                claimed += tasks.Count;
            }
            if (backlog.Count == 0)
                continue;

            var (granted, nextFreeIn) = await PlanSendsAsync(backlog, access, ct);
            scheduled += granted;
            next = Min(next, nextFreeIn);
        }

        if (run.FreeCapacity <= 0)
            next = Min(next, ShortWait);
        Summary.AddInvalidated(invalidated);
        deps.Metrics.TasksFinished(TaskStates.Invalid, invalidated);
        if (claimed > 0)
            deps.Logger.LogDebug("Round claimed {Claimed} and scheduled {Scheduled} polls", claimed, scheduled);
        return new RoundResult(claimed, next);
    }

    public void HandBack()
    {
        ReturnMissedSlots();
        foreach (var backlog in backlogs.Values)
            Release(backlog.TakeAll(), backlog.Key);
    }

    public Task WriteAsync(IReadOnlyList<PollOutcome> batch, CancellationToken ct) => writer.WriteAsync(batch, ct);

    public string Describe() => Summary.ToString();

    /// <summary>Hands leased tasks back untouched, due at once.</summary>
    private void Release(IEnumerable<ClaimedTask> tasks, RateLimitKey key)
    {
        foreach (var task in tasks)
            run.Publish(new PollOutcome(task, key, new PollDecision(PollOutcomePolicy.Release(task))));
    }

    // A little more than one horizon of the key's budget: enough to fill every slot it can be granted,
    // few enough that other workers find work too.
    private int ClaimTarget(TencentAccount account) =>
        Math.Clamp((int)Math.Ceiling(account.RequestsPerSecond * Options.ReservationHorizon.TotalSeconds * 1.5), 1, Options.BatchSize);

    private async Task<List<ClaimedTask>> ClaimAsync(KeyBacklog backlog, int limit, bool probing, CancellationToken ct)
    {
        var due = new ClaimRequest(backlog.Key.Account, backlog.Regions, TimeSpan.Zero, Options.MinInterval, limit, run.Owner, Options.LeaseDuration);
        var tasks = (await deps.Store.ClaimAsync(due, ct)).ToList();
        deps.Metrics.Claimed(Observability.ClaimQueues.Tasks, tasks.Count);
        if (tasks.Count < limit && Options.EarlyPolling && !probing)
        {
            // Budget left over: poll running tasks before their backoff ends, soonest-due first.
            var early = due with { DueWithin = Options.MaxDelay, Limit = limit - tasks.Count };
            var earlyTasks = await deps.Store.ClaimAsync(early, ct);
            deps.Metrics.Claimed(Observability.ClaimQueues.Tasks, earlyTasks.Count);
            tasks.AddRange(earlyTasks);
        }
        return tasks;
    }

    private async Task<int> InvalidateUnknownAccountsAsync(IReadOnlyList<DueGroup> groups, CancellationToken ct)
    {
        var invalidated = 0;
        foreach (var account in groups.Select(g => g.Account).Distinct().Where(a => !deps.Accounts.TryGet(a, out _)))
        {
            invalidated += await deps.Store.InvalidateDueOfAccountAsync(account, "AccountNotConfigured",
                $"Account '{account}' is not configured; configured accounts: {string.Join(", ", deps.Accounts.Names)}. " +
                "Configure it under Tencent:Accounts:<name>, or enqueue the task for a configured account.",
                InvalidateBatch, ct);
        }
        return invalidated;
    }

    /// <summary>
    /// The backlogs to serve this round: first the keys with due work, in the order of their most overdue task (as the
    /// groups come from the database), then those that only hold tasks waiting for a slot. Also returns the keys with due work.
    /// </summary>
    private (List<KeyBacklog> Order, HashSet<RateLimitKey> Due) KeysByDueTime(IReadOnlyList<DueGroup> groups)
    {
        var order = new List<KeyBacklog>();
        var due = new HashSet<RateLimitKey>();
        foreach (var group in groups)
        {
            if (!deps.Accounts.TryGet(group.Account, out var account))
                continue;
            var key = new RateLimitKey(account.Name, ClbEndpoints.Resolve(group.Region, account.Endpoint, deps.Tencent.Value.UseRegionalEndpoints).Host);
            if (!backlogs.TryGetValue(key, out var backlog))
                backlogs[key] = backlog = new KeyBacklog(key, account);
            backlog.Regions.Add(group.Region);
            if (due.Add(key))
                order.Add(backlog);
        }
        order.AddRange(backlogs.Values.Where(b => !due.Contains(b.Key) && b.Count > 0));
        return (order, due);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
