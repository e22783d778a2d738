namespace ClbWorker.Webhooks.Outbox;

/// <summary>The values of <c>clb.webhook_deliveries.state</c>.</summary>
public static class DeliveryStates
{
    /// <summary>Waiting for its first or next attempt (or in flight under a lease).</summary>
    public const string Pending = "pending";

    /// <summary>A 2xx answer arrived.</summary>
    public const string Delivered = "delivered";

    /// <summary>Given up: attempts exhausted or not deliverable. Redeliver or recover to try again.</summary>
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Pending, Delivered, Failed];
}
