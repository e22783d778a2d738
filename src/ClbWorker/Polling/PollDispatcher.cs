using ClbWorker.Observability;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

/// <summary>
/// One dispatch round: find which (account, host) keys have due work, reserve send slots from each key's
/// shared budget, claim that many tasks, and schedule one request per task at its slot.
/// </summary>
public sealed class PollDispatcher(
    PollingStore store,
    SendBudgetStore budget,
    AccountPauseStore pauses,
    TencentAccounts accounts,
    ClbApiClient client,
    DatabaseClock clock,
    IOptions<TencentOptions> tencent,
    IOptions<PollingOptions> options,
    ClbMetrics metrics,
    TimeProvider time,
    ILogger<PollDispatcher> logger)
{
    // Enough of the most overdue rows to see every group that is near the front of the queue.
    private const int DueSample = 1000;
    // Unknown-account tasks are made final in batches of this size per round.
    private const int InvalidateBatch = 1000;
    // A round starts this long before the previous reservation runs out, so reservations join up (at most half
    // the horizon, or a short horizon would leave nothing to reserve).
    private static readonly TimeSpan MaxLead = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(20);
    // Within this, mapped slot times are as good as the scheduler that waits for them.
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromMilliseconds(2);
    private const int MaxClockReadings = 10;

    private PollingOptions Options => options.Value;

    private TimeSpan Lead => Min(MaxLead, Options.ReservationHorizon / 2);

    internal async Task<RoundResult> RunOnceAsync(PollingSession session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var paused = (await pauses.ListAsync(ct)).ToDictionary(p => p.Account);
        session.PausesExist = paused.Count > 0;
        // Before the idle check: a task whose slot was missed is leased to this worker, so it is not due in the
        // table, and left out here it would wait for its lease to run out (up to 30 s) with nothing else due.
        session.ReturnMissedSlots();
        var lookahead = Options.EarlyPolling ? Options.MaxDelay : TimeSpan.Zero;
        var groups = await store.SampleDueGroupsAsync(now, now + lookahead, DueSample, ct);
        if (groups.Count == 0 && session.Backlogged == 0)
            return new RoundResult(0, 0, 0, Options.IdleCheckInterval);

        var invalidated = 0;
        foreach (var account in groups.Select(g => g.Account).Distinct().Where(a => !accounts.TryGet(a, out _)))
        {
            invalidated += await store.InvalidateDueOfAccountAsync(account, "AccountNotConfigured",
                $"Account '{account}' is not configured; configured accounts: {string.Join(", ", accounts.Names)}. " +
                "Configure it under Tencent:Accounts:<name>, or enqueue the task for a configured account.",
                now, InvalidateBatch, ct);
        }
        metrics.TasksFinished(TaskStates.Invalid, invalidated);

        var claimed = 0;
        var scheduled = 0;
        var next = Options.IdleCheckInterval;
        var due = KeysOf(groups, session);
        foreach (var backlog in session.Backlogs.Values.ToList())
        {
            var pause = paused.GetValueOrDefault(backlog.Account.Name);
            if ((pause is not null && (pause.RetryAt > now || backlog.NextProbeAt > now)) || session.RefusedLately(backlog.Account.Name, now))
            {
                // Paused, and no probe due from this worker: what it holds goes back untouched.
                session.Release(backlog.TakeStale(DateTimeOffset.MaxValue), backlog.Key);
                continue;
            }
            session.Release(backlog.TakeStale(now - Options.LeaseDuration / 2), backlog.Key);

            var target = pause is not null ? 1 : ClaimTarget(backlog.Account);
            var room = Math.Min(target - backlog.Count, session.FreeCapacity - session.Backlogged);
            if (room > 0 && due.Contains(backlog.Key))
            {
                var tasks = await ClaimAsync(backlog, room, probing: pause is not null, session.Owner, ct);
                backlog.Add(tasks, time.GetUtcNow());
                claimed += tasks.Count;
            }
            if (backlog.Count == 0)
                continue;

            if (!backlog.WarmedUp)
            {
                // A process's first request on a key would leave late (code not yet compiled, no connection yet).
                await client.WarmUpAsync(backlog.Account, backlog.Regions.First(), ct);
                backlog.WarmedUp = true;
            }
            await CalibrateClockAsync(ct);
            var asked = time.GetUtcNow();
            // A paused account gets one probe; whatever else the backlog holds goes back at the next round.
            var wanted = pause is not null ? 1 : backlog.Count;
            var grant = await budget.ReserveAsync(backlog.Key, backlog.Account.RequestsPerSecond, wanted, ct);
            clock.Observe(asked, time.GetUtcNow(), grant.DatabaseNow);
            var freeIn = grant.NextFreeAt - grant.DatabaseNow;
            if (grant.Granted == 0)
            {
                next = Min(next, Max(freeIn - Options.ReservationHorizon, ShortWait));
                continue;
            }
            metrics.SlotsGranted(backlog.Key, grant.Granted);
            for (var i = 0; i < grant.Granted; i++)
            {
                var (task, claimedAt) = backlog.Take();
                var sendAt = clock.ToLocal(grant.SlotAt(i));
                metrics.SlotWaited(backlog.Key, sendAt - claimedAt);
                session.Schedule(task, claimedAt, backlog.Key, backlog.Account, sendAt, ct);
            }
            scheduled += grant.Granted;
            if (pause is not null)
                backlog.NextProbeAt = now + Options.AccountPauseRetry;
            // Reserve again shortly before this plan runs out, so that consecutive plans join up.
            next = Min(next, Max(clock.ToLocal(grant.NextFreeAt) - Lead - time.GetUtcNow(), TimeSpan.Zero));
        }

        if (session.FreeCapacity <= 0)
            next = Min(next, ShortWait);
        if (claimed > 0)
            logger.LogDebug("Round claimed {Claimed} and scheduled {Scheduled} polls", claimed, scheduled);
        return new RoundResult(claimed, invalidated, scheduled, next);
    }

    /// <summary>
    /// Takes quick readings of the database clock until the mapping is tight: an error in it moves sends early
    /// or late, which no lateness check can see. A fresh process's first readings are slow (nothing compiled,
    /// connections opening), so it always needs a few.
    /// </summary>
    private async Task CalibrateClockAsync(CancellationToken ct)
    {
        for (var reading = 0; reading < MaxClockReadings && clock.Uncertainty > ClockTolerance; reading++)
        {
            var before = time.GetUtcNow();
            var databaseNow = await budget.ReadClockAsync(ct);
            clock.Observe(before, time.GetUtcNow(), databaseNow);
        }
    }

    // A little more than one horizon of the key's budget: enough to fill every slot it can be granted,
    // few enough that other workers find work too.
    private int ClaimTarget(TencentAccount account) =>
        Math.Clamp((int)Math.Ceiling(account.RequestsPerSecond * Options.ReservationHorizon.TotalSeconds * 1.5), 1, Options.BatchSize);

    private async Task<List<ClaimedTask>> ClaimAsync(KeyBacklog key, int limit, bool probing, string owner, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + Options.LeaseDuration;
        var polledBefore = now - Options.MinInterval;
        var due = new ClaimRequest(key.Key.Account, key.Regions, now, now, polledBefore, limit, owner, leaseUntil);
        var tasks = (await store.ClaimAsync(due, ct)).ToList();
        metrics.Claimed(ClaimQueues.Tasks, tasks.Count);
        if (tasks.Count < limit && Options.EarlyPolling && !probing)
        {
            // Budget left over: poll running tasks before their backoff ends, soonest-due first.
            var early = due with { DueBefore = now + Options.MaxDelay, Limit = limit - tasks.Count };
            var earlyTasks = await store.ClaimAsync(early, ct);
            metrics.Claimed(ClaimQueues.Tasks, earlyTasks.Count);
            tasks.AddRange(earlyTasks);
        }
        return tasks;
    }

    /// <summary>Makes sure every key with due work has a backlog (oldest work first) and returns those keys.</summary>
    private HashSet<RateLimitKey> KeysOf(IReadOnlyList<DueGroup> groups, PollingSession session)
    {
        var due = new HashSet<RateLimitKey>();
        foreach (var group in groups)
        {
            if (!accounts.TryGet(group.Account, out var account))
                continue;
            var key = new RateLimitKey(account.Name, ClbEndpoints.Resolve(group.Region, account.Endpoint, tencent.Value.UseRegionalEndpoints).Host);
            session.BacklogFor(key, account).Regions.Add(group.Region);
            due.Add(key);
        }
        return due;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
