namespace ClbWorker.Webhooks.Security;

/// <summary>What <see cref="WebhookSignatureVerifier"/> concluded about a received message.</summary>
public enum WebhookVerification
{
    Verified,
    MissingHeader,
    MalformedTimestamp,
    TimestampOutsideTolerance,
    NoValidSignature,
}
