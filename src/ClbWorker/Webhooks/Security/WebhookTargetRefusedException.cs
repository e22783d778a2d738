namespace ClbWorker.Webhooks.Security;

/// <summary>
/// The SSRF guard refused to open a connection: every address of the target is one webhooks may not reach.
/// The message says which address, why, and which setting would allow it. Nothing was sent.
/// </summary>
public sealed class WebhookTargetRefusedException : Exception
{
    public WebhookTargetRefusedException()
    {
    }

    public WebhookTargetRefusedException(string message) : base(message)
    {
    }

    public WebhookTargetRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
