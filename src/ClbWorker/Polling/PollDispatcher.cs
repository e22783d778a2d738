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
    IOptions<TencentOptions> tencent,
    IOptions<PollingOptions> options,
    TimeProvider time,
    ILogger<PollDispatcher> logger)
{
    // Enough of the most overdue rows to see every group that is near the front of the queue.
    private const int DueSample = 1000;
    // Unknown-account tasks are made final in batches of this size per round.
    private const int InvalidateBatch = 1000;
    // A round starts this long before the previous reservation runs out, so reservations join up.
    private static readonly TimeSpan Lead = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan ShortWait = TimeSpan.FromMilliseconds(20);

    private PollingOptions Options => options.Value;

    internal async Task<RoundResult> RunOnceAsync(PollingSession session, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var paused = (await pauses.ListAsync(ct)).ToDictionary(p => p.Account);
        session.PausesExist = paused.Count > 0;
        var lookahead = Options.EarlyPolling ? Options.MaxDelay : TimeSpan.Zero;
        var groups = await store.SampleDueGroupsAsync(now, now + lookahead, DueSample, ct);
        if (groups.Count == 0)
            return new RoundResult(0, 0, 0, Options.IdleCheckInterval);

        var invalidated = 0;
        foreach (var account in groups.Select(g => g.Account).Distinct().Where(a => !accounts.TryGet(a, out _)))
        {
            invalidated += await store.InvalidateDueOfAccountAsync(account, "AccountNotConfigured",
                $"Account '{account}' is not configured; configured accounts: {string.Join(", ", accounts.Names)}. " +
                "Configure it under Tencent:Accounts:<name>, or enqueue the task for a configured account.",
                now, InvalidateBatch, ct);
        }

        var claimed = 0;
        var served = 0;
        var next = Options.IdleCheckInterval;
        foreach (var key in KeysOf(groups, session.Owner))
        {
            if (session.FreeCapacity <= 0)
            {
                next = ShortWait;
                break;
            }
            var account = key.Account;
            var probing = paused.ContainsKey(account.Name);
            var wanted = probing ? 1 : Math.Min(Options.BatchSize, session.FreeCapacity);

            var grant = await budget.ReserveAsync(key.Key, account.RequestsPerSecond, wanted, ct);
            var grantedAt = time.GetUtcNow();
            if (grant.Granted == 0)
            {
                next = Min(next, Max(grant.NextFreeIn - Options.ReservationHorizon, ShortWait));
                continue;
            }

            var tasks = await ClaimAsync(key, grant.Granted, probing, ct);
            if (tasks.Count < grant.Granted)
                await budget.ReturnUnusedAsync(key.Key, grant, tasks.Count, ct);
            for (var i = 0; i < tasks.Count; i++)
                session.Schedule(tasks[i], key.Key, account, grantedAt + grant.SlotIn(i), ct);

            claimed += tasks.Count;
            served++;
            if (tasks.Count == grant.Granted)
                next = Min(next, Max(grant.SlotIn(tasks.Count) - Lead - (time.GetUtcNow() - grantedAt), TimeSpan.Zero));
        }

        if (claimed > 0)
            logger.LogDebug("Round claimed {Claimed} tasks over {Keys} keys", claimed, served);
        return new RoundResult(claimed, invalidated, served, next);
    }

    private async Task<List<ClaimedTask>> ClaimAsync(ServedKey key, int limit, bool probing, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var leaseUntil = now + Options.LeaseDuration;
        var polledBefore = now - Options.MinInterval;
        var due = new ClaimRequest(key.Key.Account, key.Regions, now, now, polledBefore, limit, key.Owner, leaseUntil);
        var tasks = (await store.ClaimAsync(due, ct)).ToList();
        if (tasks.Count < limit && Options.EarlyPolling && !probing)
        {
            // Budget left over: poll running tasks before their backoff ends, soonest-due first.
            var early = due with { DueBefore = now + Options.MaxDelay, Limit = limit - tasks.Count };
            tasks.AddRange(await store.ClaimAsync(early, ct));
        }
        return tasks;
    }

    private List<ServedKey> KeysOf(IReadOnlyList<DueGroup> groups, string owner)
    {
        // Groups arrive most overdue first; keys keep that order so the oldest work is served first.
        var ordered = new List<ServedKey>();
        var keys = new Dictionary<RateLimitKey, ServedKey>();
        foreach (var group in groups)
        {
            if (!accounts.TryGet(group.Account, out var account))
                continue;
            var key = new RateLimitKey(account.Name, ClbEndpoints.Resolve(group.Region, account.Endpoint, tencent.Value.UseRegionalEndpoints).Host);
            if (!keys.TryGetValue(key, out var served))
            {
                keys[key] = served = new ServedKey(key, account, [], owner);
                ordered.Add(served);
            }
            served.Regions.Add(group.Region);
        }
        return ordered;
    }

    private sealed record ServedKey(RateLimitKey Key, TencentAccount Account, List<string> Regions, string Owner);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
