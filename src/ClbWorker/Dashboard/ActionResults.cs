namespace ClbWorker.Dashboard;

/// <summary>
/// What an admin's action did, passed to the page it returns to as <c>?done=&lt;code&gt;</c>. Only these codes are shown,
/// as these texts: nothing from the query string reaches the page.
/// </summary>
public static class ActionResults
{
    public const string QueryKey = "done";

    /// <summary>The redeliver form's field naming the task page to return to; without it the Webhooks page.</summary>
    public const string TaskField = "task";

    public const string Cancelled = "cancelled";
    public const string Polled = "polled";
    public const string AlreadyFinal = "final";
    public const string Redelivered = "redelivered";
    public const string NotFound = "missing";

    public static string? Describe(string? code) => code switch
    {
        Cancelled => "The task is cancelled; its task.cancelled notification is on its way.",
        Polled => "The task is due now: a worker polls it within moments (never sooner than Polling:MinInterval after its last poll).",
        AlreadyFinal => "Nothing changed: the task is already final.",
        Redelivered => "The delivery is queued to be sent again now (its attempts so far are kept).",
        NotFound => "Nothing changed: there is no such task or delivery.",
        _ => null,
    };
}
