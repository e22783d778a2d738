namespace ClbWorker.Webhooks;

/// <summary>Counts of one delivery run, for logs and tests. Thread-safe.</summary>
public sealed class DeliveryRunSummary
{
    private long claimed, delivered, retried, failed;

    public long Claimed => Interlocked.Read(ref claimed);
    public long Delivered => Interlocked.Read(ref delivered);
    public long Retried => Interlocked.Read(ref retried);
    public long Failed => Interlocked.Read(ref failed);

    internal void AddClaimed(int count) => Interlocked.Add(ref claimed, count);

    internal void Count(string state)
    {
        if (state == DeliveryStates.Delivered)
            Interlocked.Increment(ref delivered);
        else if (state == DeliveryStates.Failed)
            Interlocked.Increment(ref failed);
        else
            Interlocked.Increment(ref retried);
    }

    public override string ToString() => $"claimed={Claimed} delivered={Delivered} retried={Retried} failed={Failed}";
}
