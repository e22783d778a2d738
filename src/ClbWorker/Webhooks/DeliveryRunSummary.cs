using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks;

/// <summary>Delivery's own counts of one run (the engine counts rounds, claims and batches), for logs and tests. Thread-safe.</summary>
public sealed class DeliveryRunSummary
{
    private long delivered, retried, failed, flushed;

    public long Delivered => Interlocked.Read(ref delivered);
    public long Retried => Interlocked.Read(ref retried);
    public long Failed => Interlocked.Read(ref failed);
    /// <summary>Retries made due at once because their host answered again.</summary>
    public long Flushed => Interlocked.Read(ref flushed);

    internal void Count(string state)
    {
        if (state == DeliveryStates.Delivered)
            Interlocked.Increment(ref delivered);
        else if (state == DeliveryStates.Failed)
            Interlocked.Increment(ref failed);
        else
            Interlocked.Increment(ref retried);
    }

    internal void AddFlushed(int count) => Interlocked.Add(ref flushed, count);

    public override string ToString() => $"delivered={Delivered} retried={Retried} failed={Failed} flushed={Flushed}";
}
