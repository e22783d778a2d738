using ClbWorker.Database;
using ClbWorker.Tasks;
using Npgsql;

namespace ClbWorker.Events;

public sealed partial class TaskEventHub
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        var listening = listener.RunAsync(ClbSchema.TaskEventsChannel, wake.Set, stoppingToken);
        try
        {
            cursor = await StartingPointAsync(stoppingToken);
            started.TrySetResult(cursor);
            while (!stoppingToken.IsCancellationRequested)
            {
                bool busy;
                lock (gate)
                    busy = waiters.Count > 0 || subscriptions.Count > 0 || reads.Count > 0;
                await wake.WaitAsync(busy ? Fallback : Timeout.InfiniteTimeSpan, stoppingToken);
                lock (gate)
                    busy = waiters.Count > 0 || subscriptions.Count > 0 || reads.Count > 0;
                // Nobody follows: the events are not read at all, and the next round that has someone starts from the
                // head. A waiter reads its task after registering, and a stream reads the database when a batch does not
                // continue from where it is, so nothing committed before that jump is missed.
                if (!busy)
                {
                    stale = true;
                    continue;
                }
                await RoundWithRetryAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            started.TrySetCanceled(stoppingToken);
            await listening;
        }
    }

    private async Task<long> StartingPointAsync(CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await store.HeadAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                LogRoundFailed(logger, e);
                await Task.Delay(RetryAfterFailure, ct);
            }
        }
    }

    private async Task RoundWithRetryAsync(CancellationToken ct)
    {
        Dictionary<long, TaskCompletionSource<TaskRecord?>> requested;
        lock (gate)
            (requested, reads) = (reads, []);
        try
        {
            await RoundAsync(requested, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogRoundFailed(logger, e);
            // Waiters keep their own deadlines; the reads asked for are answered in the next round.
            lock (gate)
            {
                foreach (var (id, read) in requested)
                {
                    if (!reads.TryAdd(id, read))
                        _ = reads[id].Task.ContinueWith(t => read.TrySetResult(t.Result), TaskScheduler.Default);
                }
            }
            await Task.Delay(RetryAfterFailure, ct);
            wake.Set();
        }
    }

    private async Task RoundAsync(Dictionary<long, TaskCompletionSource<TaskRecord?>> requested, CancellationToken ct)
    {
        await using var connection = await store.OpenAsync(ct);
        long? resume;
        lock (gate)
            (resume, restartFrom) = (restartFrom, null);
        if (stale)
        {
            cursor = resume ?? await TaskEventStore.HeadAsync(connection, ct);
            stale = false;
        }
        var finished = new HashSet<long>();
        while (true)
        {
            var events = await TaskEventStore.ReadAfterAsync(connection, cursor, ReadLimit, ct);
            if (events.Count == 0)
                break;
            var batch = new TaskEventBatch(cursor, events[^1].Id, events);
            lock (gate)
            {
                foreach (var e in events)
                {
                    if (e.IsFinal && waiters.ContainsKey(e.TaskRowId))
                        finished.Add(e.TaskRowId);
                }
                foreach (var subscription in subscriptions)
                    subscription.Offer(batch);
            }
            cursor = batch.ThroughId;
            if (events.Count < ReadLimit)
                break;
        }

        var ids = new HashSet<long>(requested.Keys);
        ids.UnionWith(finished);
        if (ids.Count == 0)
            return;
        var tasks = await TaskEventStore.ReadTasksAsync(connection, ids, ct);
        foreach (var (id, read) in requested)
            read.TrySetResult(tasks.GetValueOrDefault(id));
        lock (gate)
        {
            foreach (var task in tasks.Values.Where(t => !t.IsPending))
            {
                if (waiters.TryGetValue(task.Id, out var list))
                {
                    foreach (var final in list)
                        final.TrySetResult(task);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading task events failed; waiters and streams are served again in a second")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
