namespace ClbWorker.WebhookReceiver;

/// <summary>
/// The latest notifications, newest first, at most <see cref="ReceiverOptions.Kept"/> of them; every one also goes to
/// the record file when one is configured.
/// </summary>
public sealed class ReceivedWebhooks(int kept, ReceiptLog? record = null) : IDisposable
{
    private readonly LinkedList<ReceivedWebhook> items = new();
    private readonly Lock gate = new();

    public void Add(ReceivedWebhook webhook)
    {
        record?.Record(webhook);
        lock (gate)
        {
            items.AddFirst(webhook);
            while (items.Count > kept)
                items.RemoveLast();
        }
    }

    public IReadOnlyList<ReceivedWebhook> Latest()
    {
        lock (gate)
            return [.. items];
    }

    public void Dispose() => record?.Dispose();
}
