namespace ClbWorker.Retention;

/// <summary>
/// Deleting old history so <c>clb.tasks</c> and the webhook outbox don't grow forever. Section <c>Retention</c>;
/// durations are TimeSpans ("30.00:00:00").
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Whether the recurring job <c>clb-retention</c> runs. Default true; false also removes the job.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A final task is deleted, with its webhook deliveries and their attempts, once its <c>completed_at</c> is this
    /// far in the past. Default 30 days; 1 hour to 3650 days.
    /// </summary>
    public TimeSpan TaskAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Tasks deleted per transaction, so each one holds its locks briefly. Default 1000; 1..10000.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Cron of the recurring job (5 fields, or 6 with seconds). Default hourly, at minute 17.</summary>
    public string Schedule { get; set; } = "17 * * * *";
}
