namespace ClbWorker.WebhookReceiver;

/// <summary>Settings of the demo webhook receiver, section <c>Receiver</c>.</summary>
public sealed class ReceiverOptions
{
    public const string SectionName = "Receiver";

    /// <summary>
    /// Secrets a notification may be signed with (<c>Receiver:Secrets:0</c>, <c>:1</c> ...), each <c>whsec_</c> +
    /// base64 of 24-64 bytes: the secret of the ClbWorker endpoint that sends here. At least one. Never logged.
    /// </summary>
    public IList<string> Secrets { get; } = new List<string>();

    /// <summary>Route that receives notifications (POST) and lists the latest ones (GET). Default <c>/webhooks</c>.</summary>
    public string Path { get; set; } = "/webhooks";

    /// <summary>
    /// File that every received notification is appended to, one line each (see <see cref="ReceiptLog"/>), for a
    /// count that survives restarts of the receiver. Unset (default): none.
    /// </summary>
    public string? RecordFile { get; set; }

    /// <summary>How many received notifications the GET route lists, newest first. Default 100; 1..10000.</summary>
    public int Kept { get; set; } = 100;
}
