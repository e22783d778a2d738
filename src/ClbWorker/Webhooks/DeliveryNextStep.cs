namespace ClbWorker.Webhooks;

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
