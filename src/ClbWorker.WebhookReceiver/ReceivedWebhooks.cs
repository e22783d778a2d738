namespace ClbWorker.WebhookReceiver;

/// <summary>The latest notifications, newest first, at most <see cref="ReceiverOptions.Kept"/> of them.</summary>
public sealed class ReceivedWebhooks(int kept)
{
    private readonly LinkedList<ReceivedWebhook> items = new();
    private readonly Lock gate = new();

    public void Add(ReceivedWebhook webhook)
    {
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
}
