namespace ClbWorker.Webhooks;

/// <summary>The next state of a delivery, as decided by <see cref="DeliveryRetryPolicy"/>.</summary>
/// <param name="RetryIn">How long after this attempt to try again; set only for <see cref="DeliveryNextStep.Retry"/>.</param>
/// <param name="Reason">Why the delivery is retried or failed, for the delivery record; null once delivered.</param>
/// <param name="DisableEndpoint">The receiver answered 410 Gone: stop sending anything to this endpoint.</param>
public sealed record DeliveryDecision(DeliveryNextStep Step, TimeSpan? RetryIn, string? Reason, bool DisableEndpoint)
{
    public static DeliveryDecision Delivered { get; } = new(DeliveryNextStep.Delivered, null, null, false);

    public static DeliveryDecision RetryAfter(TimeSpan wait, string reason) => new(DeliveryNextStep.Retry, wait, reason, false);

    public static DeliveryDecision Failed(string reason, bool disableEndpoint = false) =>
        new(DeliveryNextStep.Failed, null, reason, disableEndpoint);
}

/// <summary>What happens to a delivery after an attempt.</summary>
public enum DeliveryNextStep
{
    /// <summary>The receiver answered 2xx: done.</summary>
    Delivered,

    /// <summary>Try again after <see cref="DeliveryDecision.RetryIn"/>.</summary>
    Retry,

    /// <summary>Given up: the last attempt failed, the receiver asked to stop (410), or retrying cannot help.</summary>
    Failed,
}
