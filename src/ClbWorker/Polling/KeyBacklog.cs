using ClbWorker.Tencent;

namespace ClbWorker.Polling;

/// <summary>
/// Tasks this worker has leased for one rate-limit key but not yet given a send slot. Claiming happens
/// before reserving so that a slow claim can never make a request later than its slot: a late send
/// would crowd the next second at Tencent Cloud.
/// </summary>
internal sealed class KeyBacklog(RateLimitKey key, TencentAccount account)
{
    private readonly Queue<(ClaimedTask Task, DateTimeOffset ClaimedAt)> waiting = new();

    public RateLimitKey Key => key;
    public TencentAccount Account => account;
    public HashSet<string> Regions { get; } = [];
    public int Count => waiting.Count;

    /// <summary>Whether the client has warmed up for this key in this run.</summary>
    public bool WarmedUp { get; set; }

    /// <summary>
    /// While the account is paused, no probe before this: one probe per retry interval, even when its answer is still
    /// being written or never came.
    /// </summary>
    public DateTimeOffset NextProbeAt { get; set; } = DateTimeOffset.MinValue;

    public void Add(IEnumerable<ClaimedTask> tasks, DateTimeOffset claimedAt)
    {
        foreach (var task in tasks)
            waiting.Enqueue((task, claimedAt));
    }

    /// <returns>The longest-waiting task and when it was claimed.</returns>
    public (ClaimedTask Task, DateTimeOffset ClaimedAt) Take() => waiting.Dequeue();

    /// <summary>Removes the tasks claimed before <paramref name="claimedBefore"/> (their lease is running out), or all.</summary>
    /// <remarks>Looks at every task, not just the front: one whose slot was missed comes back at the end with its first claim time.</remarks>
    public List<ClaimedTask> TakeStale(DateTimeOffset claimedBefore)
    {
        var stale = new List<ClaimedTask>();
        for (var left = waiting.Count; left > 0; left--)
        {
            var entry = waiting.Dequeue();
            if (entry.ClaimedAt < claimedBefore)
                stale.Add(entry.Task);
            else
                waiting.Enqueue(entry);
        }
        return stale;
    }
}
