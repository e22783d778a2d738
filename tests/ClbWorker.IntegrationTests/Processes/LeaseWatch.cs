namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// Watches the rows a dead worker held, ten looks a second, until another worker has taken over every one of them
/// (another owner, another attempt count, another poll time), and notes any row that changed before its own expiry.
/// </summary>
internal sealed class LeaseWatch(TaskTable tasks, IReadOnlyList<TaskRow> held)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>Rows seen changed by a look that ended before their lease expired: the engine broke a lease.</summary>
    public List<string> ChangedBeforeExpiry { get; } = [];

    /// <summary>Per task, how long after its lease expired a look first found it taken over.</summary>
    public Dictionary<string, TimeSpan> TakenOverAfterExpiry { get; } = [];

    public async Task RunAsync(TimeSpan within)
    {
        var before = held.ToDictionary(r => r.TaskId);
        var deadline = DateTime.UtcNow + within;
        while (TakenOverAfterExpiry.Count < held.Count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Only {TakenOverAfterExpiry.Count} of the {held.Count} tasks the dead worker held were taken over within {within}.");
            var rows = await tasks.RowsAsync(before.Keys);
            var lookedAt = DateTime.UtcNow;
            foreach (var row in rows)
            {
                var was = before[row.TaskId];
                if (TakenOverAfterExpiry.ContainsKey(row.TaskId)
                    || (row.LeaseOwner, row.Attempts, row.LastPolledAt) == (was.LeaseOwner, was.Attempts, was.LastPolledAt))
                    continue;
                TakenOverAfterExpiry[row.TaskId] = lookedAt - was.LeaseExpiresAt!.Value;
                if (lookedAt < was.LeaseExpiresAt)
                    ChangedBeforeExpiry.Add($"{row.TaskId} (lease until {was.LeaseExpiresAt:HH:mm:ss.fff}, seen changed by {lookedAt:HH:mm:ss.fff})");
            }
            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }
}
