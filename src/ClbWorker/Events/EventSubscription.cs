using System.Threading.Channels;

namespace ClbWorker.Events;

/// <summary>
/// A stream's feed from <see cref="TaskEventHub"/>: every batch the hub reads, in order. A subscriber that falls
/// <see cref="Capacity"/> batches behind loses batches instead of holding the hub up; it finds out from
/// <see cref="TaskEventBatch.AfterId"/> (or <see cref="Lagged"/>) and reads what it missed from the database.
/// </summary>
public sealed class EventSubscription(Action<EventSubscription> unsubscribe) : IDisposable
{
    public const int Capacity = 64;

    private readonly Channel<TaskEventBatch> batches = Channel.CreateBounded<TaskEventBatch>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    private volatile bool lagged;

    public ChannelReader<TaskEventBatch> Batches => batches.Reader;

    /// <summary>True once a batch was dropped; reset by <see cref="ClearLagged"/> when the subscriber has caught up from the database.</summary>
    public bool Lagged => lagged;

    public void ClearLagged() => lagged = false;

    internal void Offer(TaskEventBatch batch)
    {
        if (!batches.Writer.TryWrite(batch))
            lagged = true;
    }

    public void Dispose() => unsubscribe(this);
}
