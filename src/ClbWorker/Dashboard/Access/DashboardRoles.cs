namespace ClbWorker.Dashboard.Access;

/// <summary>What a dashboard user may do.</summary>
public static class DashboardRoles
{
    /// <summary>Everything: cancel and re-poll tasks, redeliver webhooks, Hangfire's own buttons (trigger, delete, requeue).</summary>
    public const string Admin = "admin";

    /// <summary>Read-only: every page, no button that changes anything.</summary>
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Viewer];
}
