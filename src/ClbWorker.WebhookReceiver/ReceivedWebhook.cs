namespace ClbWorker.WebhookReceiver;

/// <summary>One notification as received: its identity, what it said, and whether its signature verified.</summary>
public sealed record ReceivedWebhook(
    string? MessageId, string? Type, string? TaskId, string? State, Verdict Verdict, DateTimeOffset ReceivedAt, int Bytes);
