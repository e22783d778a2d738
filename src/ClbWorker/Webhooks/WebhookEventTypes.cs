namespace ClbWorker.Webhooks;

/// <summary>The notification types: one per final task state.</summary>
public static class WebhookEventTypes
{
    public const string Succeeded = "task.succeeded";
    public const string Failed = "task.failed";
    public const string TimedOut = "task.timed_out";
    public const string Invalid = "task.invalid";
    public const string Cancelled = "task.cancelled";

    public static IReadOnlyList<string> All { get; } = [Succeeded, Failed, TimedOut, Invalid, Cancelled];
}
