using ClbWorker.Database;
using ClbWorker.Hosting;
using ClbWorker.Observability;
using ClbWorker.Tasks;

namespace ClbWorker.Events;

/// <summary>
/// The one place in a process that follows <c>clb.task_events</c>: it LISTENs on <see cref="ClbSchema.TaskEventsChannel"/>
/// (one connection for the whole process), reads the new events when notified, wakes the long-poll waiters of tasks
/// that became final and hands the events to the streams. The waiters' task reads go through it too, batched: however
/// many requests wait, the process reads for them over one pooled connection at a time. Waiters and streams register
/// here; the loop that reads for them is in <c>TaskEventHub.Rounds.cs</c>.
/// </summary>
/// <remarks>
/// A waiter registers before its first read, and the hub reads events before it reads tasks in each round, so a final
/// transition is never missed between the two: it was committed either before the task read (which then shows it) or
/// after the events read of that round (and the next round delivers it).
/// </remarks>
public sealed partial class TaskEventHub : BackgroundService
{
    private const int ReadLimit = 1000;

    // Only a safety net: every commit that writes events notifies, and a lost listener connection wakes the hub on
    // reconnecting. The net costs one indexed query per interval while anyone waits or streams.
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly Dictionary<long, List<TaskCompletionSource<TaskRecord>>> waiters = [];
    private Dictionary<long, TaskCompletionSource<TaskRecord?>> reads = [];
    private readonly List<EventSubscription> subscriptions = [];
    private readonly WakeSignal wake = new();
    private readonly TaskCompletionSource<long> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskEventStore store;
    private readonly NotificationListener listener;
    private readonly ILogger<TaskEventHub> logger;
    private long cursor;
    private bool stale;
    // Where a stale hub resumes: the head as the first new follower saw it (guarded by gate).
    private long? restartFrom;
    private CancellationToken stopping = new(canceled: true);

    public TaskEventHub(TaskEventStore store, NotificationListener listener, ClbMetrics metrics, ILogger<TaskEventHub> logger)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        (this.store, this.listener, this.logger) = (store, listener, logger);
        metrics.ObserveFollowers(() => WaiterCount, () => StreamCount);
    }

    /// <summary>Streams subscribed right now.</summary>
    public int StreamCount
    {
        get
        {
            lock (gate)
                return subscriptions.Count;
        }
    }

    /// <summary>Requests waiting right now, for the metrics.</summary>
    public int WaiterCount
    {
        get
        {
            lock (gate)
                return waiters.Values.Sum(list => list.Count);
        }
    }

    /// <summary>
    /// The task as soon as it is final, or as it is when <paramref name="wait"/> has passed (or the process stops);
    /// null when there is no such task.
    /// </summary>
    public async Task<TaskRecord?> WaitForFinalAsync(long id, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(time);
        await started.Task.WaitAsync(ct);
        var final = new TaskCompletionSource<TaskRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (!waiters.TryGetValue(id, out var list))
                waiters[id] = list = [];
            list.Add(final);
        }
        try
        {
            var current = await ReadAsync(id, ct);
            if (current is null || !current.IsPending)
                return current;
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
            try
            {
                return await final.Task.WaitAsync(wait, time, waiting.Token);
            }
            catch (TimeoutException)
            {
                return await ReadAsync(id, ct);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // The process is stopping: answer with the task as it is rather than hold the shutdown up.
                return await store.ReadTaskAsync(id, ct);
            }
        }
        finally
        {
            lock (gate)
            {
                if (waiters.TryGetValue(id, out var list) && list.Remove(final) && list.Count == 0)
                    waiters.Remove(id);
            }
        }
    }

    /// <summary>
    /// Every batch of events read from now on, starting no later than the head of the log when this returns: a stream
    /// that then reads the head itself misses nothing in between. Dispose to stop.
    /// </summary>
    public async Task<EventSubscription> SubscribeAsync(CancellationToken ct)
    {
        await started.Task.WaitAsync(ct);
        var subscription = new EventSubscription(Unsubscribe);
        lock (gate)
            subscriptions.Add(subscription);
        // A hub that followed nobody jumps to the head when someone comes; not past this point, though, or events
        // committed between now and its next round would be skipped for this stream until some later batch arrived.
        var head = await store.HeadAsync(ct);
        lock (gate)
            restartFrom = Math.Min(restartFrom ?? head, head);
        return subscription;
    }

    private void Unsubscribe(EventSubscription subscription)
    {
        lock (gate)
            subscriptions.Remove(subscription);
    }

    private Task<TaskRecord?> ReadAsync(long id, CancellationToken ct)
    {
        TaskCompletionSource<TaskRecord?>? read;
        lock (gate)
        {
            if (!reads.TryGetValue(id, out read))
                reads[id] = read = new TaskCompletionSource<TaskRecord?>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.Set();
        return read.Task.WaitAsync(ct);
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
