using System.Collections.Concurrent;
using ClbWorker.Polling.SendBudget;

namespace ClbWorker.Polling.Pauses;

/// <summary>What a key may send now, as far as account pauses go.</summary>
internal enum KeyAccess
{
    /// <summary>No pause: poll as the budget allows.</summary>
    Open,

    /// <summary>Paused, and a probe is due from this worker: one request.</summary>
    Probe,

    /// <summary>Paused with no probe due, or refused moments ago: nothing goes out, held tasks go back.</summary>
    Hold,
}

/// <summary>
/// Everything one polling run knows about paused accounts, in one place: the pauses in <c>clb.account_pauses</c>
/// (read each round; whether a probe is due is decided on the database's clock), the refusals this run saw before
/// they were written, and when this worker may probe each key again. Pauses are written with the poll results
/// (<see cref="PollResultWriter"/>).
/// </summary>
internal sealed class AccountPauses(AccountPauseStore store, TimeSpan retry, TimeProvider time)
{
    // When this run last saw each account refused, as monotonic timestamps: answers come in on many threads.
    private readonly ConcurrentDictionary<string, long> refusedAt = new(StringComparer.Ordinal);
    // Touched by the dispatch loop only.
    private readonly Dictionary<RateLimitKey, long> nextProbeAt = [];
    private Dictionary<string, AccountPause> paused = new(StringComparer.Ordinal);

    /// <summary>Whether some account is paused or was refused in this run: the writer then looks for accounts to resume.</summary>
    public bool Any => paused.Count > 0 || !refusedAt.IsEmpty;

    public async Task RefreshAsync(CancellationToken ct) =>
        paused = (await store.ListAsync(ct)).ToDictionary(p => p.Account, StringComparer.Ordinal);

    /// <summary>Whether this run saw the account refused within the last retry interval: its work waits, even before the pause is in the table.</summary>
    public bool RefusedLately(string account) =>
        refusedAt.TryGetValue(account, out var at) && time.GetElapsedTime(at) < retry;

    /// <summary>An answer refused the account (a pause): from now its polls wait.</summary>
    public void NoteRefused(string account) => refusedAt[account] = time.GetTimestamp();

    public KeyAccess AccessFor(RateLimitKey key)
    {
        if (RefusedLately(key.Account))
            return KeyAccess.Hold;
        if (!paused.TryGetValue(key.Account, out var pause))
            return KeyAccess.Open;
        // One probe per retry interval from this worker, even when the last probe's answer is still being written or never came.
        var probedLately = nextProbeAt.TryGetValue(key, out var next) && time.GetTimestamp() < next;
        return pause.ProbeDue && !probedLately ? KeyAccess.Probe : KeyAccess.Hold;
    }

    public void ProbeSent(RateLimitKey key) =>
        nextProbeAt[key] = time.GetTimestamp() + (long)(retry.TotalSeconds * time.TimestampFrequency);
}
