using ClbWorker.LeasedWork;
using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>
/// Sends one planned poll at its slot and turns the answer into an outcome for the writer. A request that would
/// leave too late for its slot is not sent; its task goes back to its backlog for a fresh slot (<c>retry</c>).
/// </summary>
internal sealed class PollSender(
    PollingDependencies deps,
    LeasedWorkRun<PollOutcome> run,
    AccountPauses pauses,
    PollingRunSummary summary,
    Action<ClaimedTask, RateLimitKey, long> retry)
{
    // Slots are granted at most one horizon ahead; this is room for a plan that joins the next one up.
    private static readonly TimeSpan SlotWaitAllowance = TimeSpan.FromSeconds(2);

    // The keys this run has sent a request on: the first one's slot is logged, so that an outside observer can check
    // that a process's first request lands in its slot.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<RateLimitKey, bool> sentOn = new();

    private PollingOptions Options => deps.Options.Value;

    /// <param name="sendAt">The slot on this process's clock: when to send.</param>
    /// <param name="slot">The same slot on the database clock: the poll's time as written to the task.</param>
    /// <returns>The outcome to write, or null when the task went back for a fresh slot.</returns>
    public async Task<PollOutcome?> SendAsync(ClaimedTask task, RateLimitKey key, TencentAccount account, long claimedAt,
        DateTimeOffset sendAt, DateTimeOffset slot)
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
                deps.Logger.LogWarning("A send slot was planned {Wait} ahead, beyond the reservation horizon; reading the database clock again", wait);
                deps.Clock.Forget();
                retry(task, key, claimedAt);
                return null;
            }
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, deps.Time, run.Stopping);
            if (pauses.RefusedLately(task.Account))
            {
                // The account was refused since this poll was planned: it would be refused too. Back untouched.
                return Released(task, key);
            }
            summary.CountLateness(deps.Time.GetUtcNow() - sendAt);
            var result = await deps.Client.DescribeTaskStatusAsync(account, task.Region, task.TaskId, run.HardStop,
                sendBy: sendAt + Options.MaxSendLateness, idKind: task.TaskKind == TaskKinds.DealName ? ClbTaskIdKind.DealName : ClbTaskIdKind.TaskId);
            if (result is SlotMissed)
            {
                // Too late for its slot: nothing was sent; the task waits for a fresh slot.
                summary.CountSlotMissed();
                deps.Metrics.SlotMissed(key);
                retry(task, key, claimedAt);
                return null;
            }
            if (result is not CredentialsUnavailable)
            {
                // Nothing left the process when the credential source failed: no request to count.
                summary.CountSent();
                deps.Metrics.PollAnswered(key, result);
                if (sentOn.TryAdd(key, true))
                {
                    deps.Logger.LogInformation("First request of this run for account {Account} at {Host} sent for its slot at {Slot:O} (database clock)",
                        key.Account, key.Host, slot);
                }
            }
            if (result is ApiErrorReported { Code: TencentErrorCodes.TokenFailure } && !task.CredentialsRenewed
                && await deps.Client.RenewCredentialsAsync(account, result.SecretId, run.HardStop))
            {
                // The temporary key expired or was revoked: renewed at once; the poll goes again at a fresh send slot
                // (never outside the budget), once. A second refusal pauses the account as any other would.
                retry(task with { CredentialsRenewed = true }, key, claimedAt);
                return null;
            }
            if (result is TaskStatusReported { Status: ClbTaskStatus.Failed } failed)
                TaskLogScope.Failed(deps.Logger, failed.Message, failed.LoadBalancerIds);
            var decision = deps.Policy.Decide(task, result, slot, Random.Shared.NextDouble());
            if (decision.Pause is not null)
                pauses.NoteRefused(task.Account);
            return new PollOutcome(task, key, decision);
        }
        catch (OperationCanceledException)
        {
            // Stopping before the slot came, or the answer did not come within the shutdown grace:
            // the task goes back untouched and is due at once for the next worker.
            return Released(task, key);
        }
    }

    private static PollOutcome Released(ClaimedTask task, RateLimitKey key) =>
        new(task, key, new PollDecision(PollOutcomePolicy.Release(task)));
}
