namespace ClbWorker.WebhookReceiver;

/// <summary>What the receiver concluded about one notification.</summary>
public enum Verdict
{
    Verified,
    MissingHeaders,
    MalformedTimestamp,
    StaleTimestamp,
    NoMatchingSignature,
}
