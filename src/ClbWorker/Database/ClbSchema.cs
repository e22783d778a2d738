namespace ClbWorker.Database;

/// <summary>Names defined in <c>db/migrations</c> that C# code depends on.</summary>
public static class ClbSchema
{
    /// <summary>The schema that holds ClbWorker's tables and the migration journal.</summary>
    public const string Name = "clb";

    /// <summary>
    /// The channel <c>clb.tasks</c> NOTIFYs once per INSERT statement that added at least one row; the payload is
    /// the number of rows added. A hint to poll now, never a substitute for polling.
    /// </summary>
    public const string TasksEnqueuedChannel = "clb_tasks_enqueued";

    /// <summary>
    /// The channel <c>clb.tasks</c> NOTIFYs once per UPDATE statement that enqueued at least one webhook delivery; the
    /// payload is the number of deliveries. A hint to send now, never a substitute for claiming on a timer.
    /// </summary>
    public const string WebhooksEnqueuedChannel = "clb_webhooks_enqueued";

    /// <summary>
    /// The channel <c>clb.tasks</c> NOTIFYs once per UPDATE statement that recorded task events (final transitions, polls of
    /// running tasks) in <c>clb.task_events</c>; the payload is the highest event id written. Each process's
    /// <c>TaskEventHub</c> listens and reads the new rows.
    /// </summary>
    public const string TaskEventsChannel = "clb_task_events";
}
