using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;

namespace ClbWorker.Polling;

internal sealed partial class PollingRound
{
    /// <summary>Reserves send slots for what the backlog holds and plans one request per slot.</summary>
    /// <returns>How many requests were planned, and how soon the next round should reserve again.</returns>
    private async Task<(int Granted, TimeSpan NextIn)> PlanSendsAsync(KeyBacklog backlog, KeyAccess access, CancellationToken ct)
    {
        if (!backlog.Prepared)
        {
            // Fetches temporary credentials and runs the request's code once; nothing is sent to the endpoint.
            await deps.Client.PrepareAsync(backlog.Account, backlog.Regions.First(), ct);
            backlog.Prepared = true;
        }
        await CalibrateClockAsync(ct);
        // A paused account gets one probe; whatever else the backlog holds goes back at the next round.
        var wanted = access == KeyAccess.Probe ? 1 : backlog.Count;
        var asked = deps.Time.GetUtcNow();
        var grant = await deps.Budget.ReserveAsync(backlog.Key, backlog.Account.RequestsPerSecond, wanted, ct);
        deps.Clock.Observe(asked, deps.Time.GetUtcNow(), grant.DatabaseNow);
        if (grant.Granted == 0)
            return (0, Max(grant.NextFreeAt - grant.DatabaseNow - Options.ReservationHorizon, ShortWait));
        deps.Metrics.SlotsGranted(backlog.Key, grant.Granted);

        var planned = 0;
        for (var i = 0; i < grant.Granted && backlog.Count > 0; i++)
        {
            var (task, claimedAt) = backlog.Take();
            var slot = grant.SlotAt(i);
            var sendAt = deps.Clock.ToLocal(slot);
            deps.Metrics.SlotWaited(backlog.Key, deps.Time.GetElapsedTime(claimedAt));
            Schedule(task, backlog, claimedAt, sendAt, slot);
            planned++;
        }
        if (access == KeyAccess.Probe)
            pauses.ProbeSent(backlog.Key);
        // Reserve again shortly before this plan runs out, so that consecutive plans join up.
        return (planned, Max(deps.Clock.ToLocal(grant.NextFreeAt) - Lead - deps.Time.GetUtcNow(), TimeSpan.Zero));
    }

    private void Schedule(ClaimedTask task, KeyBacklog backlog, long claimedAt, DateTimeOffset sendAt, DateTimeOffset slot)
    {
        var key = backlog.Key;
        var account = backlog.Account;
        var started = run.TryStart(null,
            () => sender.SendAsync(task, key, account, claimedAt, sendAt, slot),
            error => new PollOutcome(task, key, deps.Policy.Faulted(task, error, slot, Random.Shared.NextDouble())));
        if (!started)
            Release([task], key);
    }

    /// <summary>A task whose slot was missed (or whose credentials were renewed) waits for a fresh slot, keeping its claim time.</summary>
    private void Retry(ClaimedTask task, RateLimitKey key, long claimedAt)
    {
        missedSlots.Enqueue((task, key, claimedAt));
        run.Wake();
    }

    private void ReturnMissedSlots()
    {
        while (missedSlots.TryDequeue(out var missed))
            backlogs[missed.Key].Add([missed.Task], missed.ClaimedAt);
    }

    /// <summary>
    /// Takes quick readings of the database clock until the mapping is tight: an error in it moves sends early
    /// or late, which no lateness check can see. A fresh process's first readings are slow (nothing compiled,
    /// connections opening), so it always needs a few.
    /// </summary>
    private async Task CalibrateClockAsync(CancellationToken ct)
    {
        for (var reading = 0; reading < MaxClockReadings && deps.Clock.Uncertainty > ClockTolerance; reading++)
        {
            var before = deps.Time.GetUtcNow();
            var databaseNow = await deps.Budget.ReadClockAsync(ct);
            deps.Clock.Observe(before, deps.Time.GetUtcNow(), databaseNow);
        }
    }
}
