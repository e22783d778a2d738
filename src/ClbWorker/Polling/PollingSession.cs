using ClbWorker.Hosting;
using ClbWorker.Database;
using System.Threading.Channels;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>
/// One run of the polling loop in this process: a dispatcher that reserves send slots and claims tasks,
/// one request per claimed task sent at its slot, and a writer that applies results in batches.
/// </summary>
internal sealed class PollingSession(PollingDependencies deps, string owner) : IDisposable
{
    private readonly Channel<PollOutcome> outcomes = Channel.CreateUnbounded<PollOutcome>(new() { SingleReader = true });
    private readonly List<Task> sends = [];
    private readonly WakeSignal wake = new();
    private readonly CancellationTokenSource hardStop = new();
    // Slots are granted at most one horizon ahead; this is room for a plan that joins the next one up.
    private static readonly TimeSpan SlotWaitAllowance = TimeSpan.FromSeconds(2);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(ClaimedTask Task, RateLimitKey Key, DateTimeOffset ClaimedAt)> missedSlots = new();
    // When Tencent Cloud last refused each account in a way that pauses it, as this run saw the answer.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> refusedAt = new(StringComparer.Ordinal);
    private int inFlight;

    private PollingOptions Options => deps.Options.Value;

    public PollingRunSummary Summary { get; } = new();

    /// <summary>Requests this process may still start before reaching <see cref="PollingOptions.MaxConcurrentRequests"/>.</summary>
    public int FreeCapacity => Options.MaxConcurrentRequests - Volatile.Read(ref inFlight);

    /// <summary>Set by the dispatcher when some account is paused, so the writer looks for accounts to resume.</summary>
    public bool PausesExist { get; set; }

    public string Owner => owner;

    /// <summary>
    /// Whether this run saw the account refused (a pause) within the last retry interval: its work waits, even before
    /// the pause is in the table for the dispatcher to read.
    /// </summary>
    public bool RefusedLately(string account, DateTimeOffset now) =>
        refusedAt.TryGetValue(account, out var at) && now - at < Options.AccountPauseRetry;

    /// <summary>Leased tasks waiting for a send slot, per key. Touched only by the dispatch loop.</summary>
    public Dictionary<RateLimitKey, KeyBacklog> Backlogs { get; } = [];

    public int Backlogged => Backlogs.Values.Sum(b => b.Count);

    public KeyBacklog BacklogFor(RateLimitKey key, TencentAccount account)
    {
        if (!Backlogs.TryGetValue(key, out var backlog))
            Backlogs[key] = backlog = new KeyBacklog(key, account);
        return backlog;
    }

    /// <summary>
    /// Puts tasks whose slot was missed back into their backlogs, to be sent at a fresh slot. They keep their claim
    /// time, so one that keeps missing is still released before its lease runs out.
    /// </summary>
    public void ReturnMissedSlots()
    {
        while (missedSlots.TryDequeue(out var missed))
            Backlogs[missed.Key].Add([missed.Task], missed.ClaimedAt);
    }

    /// <summary>Hands leased tasks back untouched, due at once.</summary>
    public void Release(IEnumerable<ClaimedTask> tasks, RateLimitKey key)
    {
        var now = deps.Time.GetUtcNow();
        foreach (var task in tasks)
            Publish(new PollOutcome(task, key, new PollDecision(PollOutcomePolicy.Release(task, now))));
    }

    public async Task RunAsync(CancellationToken stopClaiming)
    {
        var writing = new PollResultWriter(deps, this).RunAsync(outcomes.Reader, hardStop.Token);
        var listening = deps.Listener.RunAsync(ClbSchema.TasksEnqueuedChannel, Wake, stopClaiming);
        try
        {
            while (!stopClaiming.IsCancellationRequested)
            {
                RoundResult round;
                try
                {
                    round = await deps.Dispatcher.RunOnceAsync(this, stopClaiming);
                }
                catch (Exception ex) when (!stopClaiming.IsCancellationRequested)
                {
                    // The database may be restarting: nothing is lost (leases expire), so wait and go on.
                    deps.Logger.LogWarning(ex, "Polling round failed; retrying in {Delay}", Options.IdleCheckInterval);
                    round = new RoundResult(0, 0, 0, Options.IdleCheckInterval);
                }
                Summary.AddRound(round);
                if (round.NextRoundIn > TimeSpan.Zero)
                    await wake.WaitAsync(round.NextRoundIn, stopClaiming);
            }
        }
        catch (OperationCanceledException) when (stopClaiming.IsCancellationRequested)
        {
        }
        finally
        {
            ReturnMissedSlots();
            foreach (var backlog in Backlogs.Values)
                Release(backlog.TakeStale(DateTimeOffset.MaxValue), backlog.Key);
            await DrainAsync();
            outcomes.Writer.TryComplete();
            await writing;
            await listening;
        }
    }

    /// <summary>Sends the poll for <paramref name="task"/> once <paramref name="sendAt"/> (on the injected clock) arrives.</summary>
    public void Schedule(ClaimedTask task, DateTimeOffset claimedAt, RateLimitKey key, TencentAccount account, DateTimeOffset sendAt,
        CancellationToken stopClaiming)
    {
        Interlocked.Increment(ref inFlight);
        var send = SendAsync(task, claimedAt, key, account, sendAt, stopClaiming);
        lock (sends)
        {
            sends.RemoveAll(s => s.IsCompleted);
            sends.Add(send);
        }
    }

    private async Task SendAsync(ClaimedTask task, DateTimeOffset claimedAt, RateLimitKey key, TencentAccount account,
        DateTimeOffset sendAt, CancellationToken stopClaiming)
    {
        // Everything logged for this poll, down to the HTTP client, names the task, its account and region.
        using var scope = TaskLogScope.Begin(deps.Logger, task);
        try
        {
            var wait = sendAt - deps.Time.GetUtcNow();
            if (wait > Options.ReservationHorizon + SlotWaitAllowance)
            {
                // No slot is granted further ahead than the reservation horizon, so the clock mapping that placed this
                // one is wrong. Waiting it out once held a first poll back 20 s; read the clock again and re-plan.
                deps.Logger.LogWarning("A send slot was planned {Wait} ahead, beyond the reservation horizon; reading the database clock again",
                    wait);
                deps.Clock.Forget();
                missedSlots.Enqueue((task, key, claimedAt));
                Wake();
                return;
            }
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, deps.Time, stopClaiming);
            if (RefusedLately(task.Account, deps.Time.GetUtcNow()))
            {
                // The account was refused since this poll was planned: it would be refused too. Back untouched.
                Release([task], key);
                return;
            }
            Summary.CountLateness(deps.Time.GetUtcNow() - sendAt);
            var result = await deps.Client.DescribeTaskStatusAsync(account, task.Region, task.TaskId, hardStop.Token,
                sendBy: sendAt + Options.MaxSendLateness, idKind: task.TaskKind == TaskKinds.DealName ? ClbTaskIdKind.DealName : ClbTaskIdKind.TaskId);
            if (result is SlotMissed)
            {
                // Too late for its slot: nothing was sent; the task waits for a fresh slot.
                Summary.CountSlotMissed();
                deps.Metrics.SlotMissed(key);
                missedSlots.Enqueue((task, key, claimedAt));
                Wake();
                return;
            }
            if (result is not CredentialsUnavailable)
            {
                // Nothing left the process when the credential source failed: no request to count.
                Summary.CountSent();
                deps.Metrics.PollAnswered(key, result);
            }
            if (result is ApiErrorReported { Code: TencentErrorCodes.TokenFailure } && !task.CredentialsRenewed
                && await deps.Client.RenewCredentialsAsync(account, result.SecretId, hardStop.Token))
            {
                // The temporary key expired or was revoked: renewed at once; the poll goes again at a fresh send slot
                // (never outside the budget), once. A second refusal pauses the account as any other would.
                missedSlots.Enqueue((task with { CredentialsRenewed = true }, key, claimedAt));
                Wake();
                return;
            }
            if (result is TaskStatusReported { Status: ClbTaskStatus.Failed } failed)
                TaskLogScope.Failed(deps.Logger, failed.Message, failed.LoadBalancerIds);
            var decision = deps.Policy.Decide(task, result, deps.Time.GetUtcNow(), Random.Shared.NextDouble());
            if (decision.Pause is not null)
                refusedAt[task.Account] = deps.Time.GetUtcNow();
            Publish(new PollOutcome(task, key, decision));
        }
        catch (OperationCanceledException)
        {
            // Stopping before the slot came, or the answer did not come within the shutdown grace:
            // the task goes back untouched and is due at once for the next worker.
            Release([task], key);
        }
        catch (Exception ex)
        {
            // A bug, not an answer: keep the task (its lease expires) and say so loudly.
            deps.Logger.LogError(ex, "Polling task {TaskId} failed unexpectedly", task.TaskId);
        }
        finally
        {
            // Only a dispatcher held back by the in-flight cap needs to hear that a request finished.
            if (Interlocked.Decrement(ref inFlight) == Options.MaxConcurrentRequests - 1)
                Wake();
        }
    }

    private void Publish(PollOutcome outcome) => outcomes.Writer.TryWrite(outcome);

    private async Task DrainAsync()
    {
        Task[] pending;
        lock (sends)
            pending = [.. sends];
        var all = Task.WhenAll(pending);
        // Requests already sent get a short grace to answer; after it they are cancelled and their tasks released.
        if (await Task.WhenAny(all, Task.Delay(Options.ShutdownGrace, deps.Time)) != all)
            await hardStop.CancelAsync();
        await all;
    }

    private void Wake() => wake.Set();

    public void Dispose()
    {
        hardStop.Dispose();
        wake.Dispose();
    }
}
