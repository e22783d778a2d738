using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent;

namespace ClbWorker.Polling;

/// <summary>
/// Tasks this worker has leased for one rate-limit key but not yet given a send slot. Claiming happens
/// before reserving so that a slow claim can never make a request later than its slot: a late send
/// would crowd the next second at Tencent Cloud. Claim times are this process's monotonic timestamps
/// (<see cref="TimeProvider.GetTimestamp"/>): they only time this process's own wait.
/// </summary>
internal sealed class KeyBacklog(RateLimitKey key, TencentAccount account)
{
    private readonly Queue<(ClaimedTask Task, long ClaimedAt)> waiting = new();

    public RateLimitKey Key => key;
    public TencentAccount Account => account;
    public HashSet<string> Regions { get; } = [];
    public int Count => waiting.Count;

    /// <summary>Whether this run has prepared the client for this key (credentials fetched, code paths run; nothing sent).</summary>
    public bool Prepared { get; set; }

    public void Add(IEnumerable<ClaimedTask> tasks, long claimedAt)
    {
        foreach (var task in tasks)
            waiting.Enqueue((task, claimedAt));
    }

    /// <returns>The longest-waiting task and when it was claimed.</returns>
    public (ClaimedTask Task, long ClaimedAt) Take() => waiting.Dequeue();

    /// <summary>Removes the tasks for which <paramref name="isStale"/> holds of their claim time (their lease is running out).</summary>
    /// <remarks>Looks at every task, not just the front: one whose slot was missed comes back at the end with its first claim time.</remarks>
    public List<ClaimedTask> TakeStale(Func<long, bool> isStale)
    {
        var stale = new List<ClaimedTask>();
        for (var left = waiting.Count; left > 0; left--)
        {
            var entry = waiting.Dequeue();
            if (isStale(entry.ClaimedAt))
                stale.Add(entry.Task);
            else
                waiting.Enqueue(entry);
        }
        return stale;
    }

    /// <summary>Removes every task.</summary>
    public List<ClaimedTask> TakeAll() => TakeStale(_ => true);
}
