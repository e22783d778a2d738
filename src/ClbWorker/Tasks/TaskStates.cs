namespace ClbWorker.Tasks;

/// <summary>The values of <c>clb.tasks.state</c>.</summary>
public static class TaskStates
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timed_out";
    public const string Invalid = "invalid";
    public const string Cancelled = "cancelled";
}
