using System.Globalization;

namespace ClbWorker.Dashboard.Webhooks;

/// <summary>"Webhooks": deliveries by state, endpoints with their failure streaks, recent attempts and failed deliveries.</summary>
public sealed class WebhooksPage(WebhooksOverview overview, string? done, DateTimeOffset now) : ClbPage("Webhooks")
{
    protected override void Body()
    {
        Notice(ActionResults.Describe(done));

        Heading("Deliveries by state");
        TableStart("State", "Deliveries kept");
        foreach (var state in overview.Deliveries)
            Cells(StateLabel(state.State), Count(state));
        TableEnd();

        Heading("Endpoints");
        if (overview.Endpoints.Count == 0)
            Notice("No endpoint is registered: notifications go only to the tasks' own callback URLs.");
        else
            EndpointTable();

        Heading($"Newest failed deliveries (up to {DashboardStore.ListLimit})");
        if (overview.RecentFailed.Count == 0)
            Notice("No delivery has failed.", "success");
        else
            FailedTable();

        Heading($"Newest attempts (up to {DashboardStore.ListLimit})");
        TableStart("Attempted", "Delivery", "Task", "Event", "Target", "Status", "Duration", "Error");
        foreach (var attempt in overview.RecentAttempts)
        {
            Cells(attempt.AttemptedAt, attempt.DeliveryId, TaskLink(attempt.TaskRowId), attempt.EventType, attempt.Url,
                attempt.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "no response", $"{attempt.DurationMs} ms", attempt.Error);
        }
        TableEnd();
    }

    private void EndpointTable()
    {
        TableStart("Id", "Name", "URL", "Source", "Status", "Failing since", "Disabled");
        foreach (var endpoint in overview.Endpoints)
        {
            Cells(endpoint.Id, endpoint.Name, endpoint.Url, endpoint.Source,
                StateLabel(endpoint.Enabled ? endpoint.FirstFailureAt is null ? "healthy" : "failing" : "disabled"),
                endpoint.FirstFailureAt is { } since ? $"{Timestamp(since)} ({Age(now - since)})" : null,
                endpoint.DisabledAt is { } at ? $"{Timestamp(at)}: {endpoint.DisabledReason}" : null);
        }
        TableEnd();
    }

    private void FailedTable()
    {
        TableStart("Id", "Task", "Event", "Target", "Attempts", "Last status", "Last error", "Failed", "");
        foreach (var delivery in overview.RecentFailed)
        {
            WriteLiteral("<tr>");
            foreach (var value in new object?[] { delivery.Id, TaskLink(delivery.TaskRowId), delivery.EventType, delivery.Url,
                delivery.Attempts, delivery.LastStatusCode, delivery.LastError, delivery.FailedAt })
                Cell(value);
            WriteLiteral("<td>");
            ActionButton(DashboardPaths.Redeliver(delivery.Id), "Redeliver", "Send this notification again?");
            WriteLiteral("</td></tr>\n");
        }
        TableEnd();
    }

    private Hangfire.Dashboard.NonEscapedString TaskLink(long taskRowId) =>
        Link(DashboardPaths.Task(taskRowId), taskRowId.ToString(CultureInfo.InvariantCulture));
}
