using System.Globalization;
using System.Text;

namespace ClbWorker.WebhookReceiver;

/// <summary>
/// One line per notification received, appended to <see cref="ReceiverOptions.RecordFile"/>, so that an outside
/// observer can count what arrived across receiver restarts: <c>received_unix_us,webhook_id,type,task_id,state,verdict</c>.
/// Each line is written through at once (one write call), so a killed receiver loses none it already answered.
/// </summary>
public sealed class ReceiptLog : IDisposable
{
    private readonly Lock gate = new();
    private readonly StreamWriter writer;

    public ReceiptLog(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false))
        {
            AutoFlush = true,
        };
    }

    public void Record(ReceivedWebhook webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{(webhook.ReceivedAt - DateTimeOffset.UnixEpoch).Ticks / 10},{Field(webhook.MessageId)},{Field(webhook.Type)},{Field(webhook.TaskId)},{Field(webhook.State)},{webhook.Verdict}");
        lock (gate)
            writer.WriteLine(line);
    }

    public void Dispose()
    {
        lock (gate)
            writer.Dispose();
    }

    private static string Field(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Replace(',', '_').Replace('\n', '_').Replace('\r', '_');
}
