using System.Threading.Channels;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using Microsoft.Extensions.Logging;

namespace ClbWorker.Polling;

/// <summary>
/// Applies poll outcomes in batches: account pauses and rate-limit notes first, then every task update of
/// the batch in one statement. A failed write is retried; if it never succeeds the leases expire and the
/// tasks are polled again, so an answer can be repeated but never lost.
/// </summary>
internal sealed class PollResultWriter(PollingDependencies deps, PollingSession session)
{
    private const int MaxBatch = 500;

    // Waiting this long for more outcomes costs a little latency and saves most of the round trips.
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);

    public async Task RunAsync(ChannelReader<PollOutcome> reader, CancellationToken giveUp)
    {
        var batch = new List<PollOutcome>(MaxBatch);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!reader.Completion.IsCompleted)
                await Task.Delay(Gather, deps.Time, CancellationToken.None);
            while (batch.Count < MaxBatch && reader.TryRead(out var outcome))
                batch.Add(outcome);
            await WriteWithRetryAsync(batch, giveUp);
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<PollOutcome> batch, CancellationToken giveUp)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await WriteAsync(batch);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (giveUp.IsCancellationRequested || attempt >= 30)
                {
                    deps.Logger.LogError(ex, "Could not write {Count} poll results; their leases will expire and the tasks will be polled again", batch.Count);
                    return;
                }
                deps.Logger.LogWarning(ex, "Writing {Count} poll results failed (attempt {Attempt}); retrying", batch.Count, attempt);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), deps.Time, CancellationToken.None);
            }
        }
    }

    private async Task WriteAsync(List<PollOutcome> batch)
    {
        var now = deps.Time.GetUtcNow();
        var ct = CancellationToken.None;

        foreach (var pause in batch.Select(o => o.Decision.Pause).OfType<AccountPauseRequest>().DistinctBy(p => p.Account))
        {
            var refusals = await deps.Pauses.PauseAsync(pause, now, now + deps.Options.Value.AccountPauseRetry, ct);
            if (refusals is not null)
            {
                deps.Logger.LogError(
                    "Account {Account} paused ({Reason}): {Source} {Code}: {Message}. Its tasks are untouched; next probe in {Retry} (refusal {Refusals})",
                    pause.Account, pause.Reason,
                    pause.ErrorCode == CredentialsUnavailable.Code ? "its credential source failed," : "Tencent Cloud answered",
                    pause.ErrorCode, pause.ErrorMessage, deps.Options.Value.AccountPauseRetry, refusals);
            }
        }

        foreach (var key in batch.Where(o => o.Decision.RateLimited).Select(o => o.Key).Distinct())
        {
            deps.Logger.LogWarning("Tencent Cloud answered RequestLimitExceeded for account {Account} at {Host} (another client may share the budget); every worker slows down for this key",
                key.Account, key.Host);
            deps.Metrics.LimitExceeded(key);
            await deps.Budget.NoteLimitExceededAsync(key, ct);
        }

        if (session.PausesExist)
        {
            var answered = batch.Where(o => o.Decision.Pause is null && o.Decision.Update.AttemptIncrement > 0)
                .Select(o => o.Task.Account).Distinct().ToList();
            if (answered.Count > 0)
            {
                foreach (var account in await deps.Pauses.ResumeAsync(answered, now, ct))
                    deps.Logger.LogInformation("Account {Account} resumed: Tencent Cloud accepted its requests again", account);
            }
        }

        var updates = batch.Select(o => o.Decision.Update).ToList();
        var applied = await deps.Store.ApplyAsync(updates, session.Owner, now, ct);
        var finished = batch.Where(o => o.Decision.Update.IsFinal && applied.Contains(o.Task.Id)).ToList();
        foreach (var outcome in finished)
            deps.Metrics.TaskFinished(outcome.Decision.Update.State, now - outcome.Task.CreatedAt, DetectionLag(outcome));
        session.Summary.AddApplied(applied.Count, finished.Count);
    }

    // Only a poll that saw Tencent report the end detected it; a deadline or a rejected request decides, not detects.
    private static TimeSpan? DetectionLag(PollOutcome outcome) =>
        outcome.Decision.Update is { State: TaskStates.Succeeded or TaskStates.Failed, PolledAt: { } polledAt }
            ? polledAt - (outcome.Task.LastPolledAt ?? outcome.Task.CreatedAt)
            : null;
}
