using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Tasks;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>
/// Writes one batch of poll outcomes in one transaction: account pauses, rate-limit notes, resumed accounts, then
/// every task update in one statement. The engine retries a failed batch whole, so nothing here takes effect twice:
/// a retry after a rollback notes a RequestLimitExceeded once, not again. Logs and metrics follow the commit.
/// </summary>
internal sealed class PollResultWriter(PollingDependencies deps, string owner, AccountPauses pauses, PollingRunSummary summary)
{
    private PollingOptions Options => deps.Options.Value;

    public async Task WriteAsync(IReadOnlyList<PollOutcome> batch, CancellationToken ct)
    {
        var pauseRequests = batch.Select(o => o.Decision.Pause).OfType<AccountPauseRequest>().DistinctBy(p => p.Account).ToList();
        var limitedKeys = batch.Where(o => o.Decision.RateLimited).Select(o => o.Key).Distinct().ToList();
        var answered = pauses.Any
            ? batch.Where(o => o.Decision.Pause is null && o.Decision.Update.AttemptIncrement > 0).Select(o => o.Task.Account).Distinct().ToList()
            : [];

        await using var connection = await deps.DataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var paused = new List<(AccountPauseRequest Request, int Refusals)>();
        foreach (var request in pauseRequests)
        {
            if (await AccountPauseStore.PauseAsync(connection, transaction, request, Options.AccountPauseRetry, ct) is { } refusals)
                paused.Add((request, refusals));
        }
        foreach (var key in limitedKeys)
            await deps.Budget.NoteLimitExceededAsync(connection, transaction, key, ct);
        var resumed = answered.Count > 0 ? await AccountPauseStore.ResumeAsync(connection, transaction, answered, ct) : [];
        var applied = await PollingStore.ApplyAsync(connection, transaction, [.. batch.Select(o => o.Decision.Update)], owner,
            Options.DefaultDeadline, ct);
        await transaction.CommitAsync(ct);

        foreach (var (pause, refusals) in paused)
        {
            deps.Logger.LogError(
                "Account {Account} paused ({Reason}): {Source} {Code}: {Message}. Its tasks are untouched; next probe in {Retry} (refusal {Refusals})",
                pause.Account, pause.Reason,
                pause.ErrorCode == CredentialsUnavailable.Code ? "its credential source failed," : "Tencent Cloud answered",
                pause.ErrorCode, pause.ErrorMessage, Options.AccountPauseRetry, refusals);
        }
        foreach (var key in limitedKeys)
        {
            deps.Logger.LogWarning("Tencent Cloud answered RequestLimitExceeded for account {Account} at {Host} (another client may share the budget); every worker slows down for this key",
                key.Account, key.Host);
            deps.Metrics.LimitExceeded(key);
        }
        foreach (var account in resumed)
            deps.Logger.LogInformation("Account {Account} resumed: Tencent Cloud accepted its requests again", account);
        RecordFinished(batch, applied);
    }

    private void RecordFinished(IReadOnlyList<PollOutcome> batch, IReadOnlyList<AppliedUpdate> applied)
    {
        var byId = batch.GroupBy(o => o.Task.Id).ToDictionary(g => g.Key, g => g.Last());
        var finished = 0;
        foreach (var update in applied)
        {
            if (update.State == TaskStates.Pending || !byId.TryGetValue(update.Id, out var outcome))
                continue;
            finished++;
            deps.Metrics.TaskFinished(update.State, update.EnqueueToFinal ?? TimeSpan.Zero, DetectionLag(outcome, update.State));
        }
        summary.AddApplied(applied.Count, finished);
    }

    // Only a poll that saw Tencent report the end detected it; a deadline or a rejected request decides, not detects.
    private static TimeSpan? DetectionLag(PollOutcome outcome, string state) =>
        state is TaskStates.Succeeded or TaskStates.Failed && outcome.Decision.Update.PolledAt is { } polledAt
            ? polledAt - (outcome.Task.LastPolledAt ?? outcome.Task.CreatedAt)
            : null;
}
