using System.Globalization;
using ClbWorker.Tasks;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Dashboard.Tasks;

/// <summary>One task: its history as the row keeps it (attempts, last answer), its webhook deliveries, and for admins the actions.</summary>
public sealed class TaskPage(long id, TaskRecord? task, IReadOnlyList<WebhookDelivery> deliveries, string? done)
    : ClbPage($"CLB task {id.ToString(CultureInfo.InvariantCulture)}")
{
    protected override void Body()
    {
        Notice(ActionResults.Describe(done));
        if (task is null)
        {
            Notice($"There is no task with id {id.ToString(CultureInfo.InvariantCulture)}.", "warning");
            return;
        }

        if (task.IsPending)
        {
            ActionButton(DashboardPaths.Poll(task.Id), "Poll now", "Make this task due now?");
            ActionButton(DashboardPaths.Cancel(task.Id), "Cancel task", "Cancel this task? It becomes final and its cancelled notification is sent.");
        }

        Heading("Task");
        TableStart("Field", "Value");
        Cells(task.IsDealName ? "DealName (order id)" : "TaskId (RequestId)", task.TaskId);
        Cells("Account", task.Account);
        Cells("Region", task.Region);
        Cells("State", StateLabel(task.State));
        Cells("Enqueued", task.CreatedAt);
        Cells("Deadline", task.DeadlineAt is { } deadline ? Timestamp(deadline) : "the configured default after enqueueing");
        Cells("Finished", task.CompletedAt);
        Cells("Next poll", task.IsPending ? task.NextPollAt : null);
        Cells("Callback URL", task.CallbackUrl);
        Cells("Metadata", task.Metadata);
        TableEnd();

        Heading("Polling history");
        TableStart("Field", "Value");
        Cells("Attempts", task.Attempts);
        Cells("Last polled", task.LastPolledAt);
        Cells("Last status", task.LastStatus switch { 0 => "0 (succeeded)", 1 => "1 (failed)", 2 => "2 (running)", _ => null });
        Cells("Last error code", task.LastErrorCode);
        Cells("Last error message", task.LastErrorMessage);
        Cells("Message", task.LastMessage);
        Cells("Load balancers", task.LoadBalancerIds is { Count: > 0 } ids ? string.Join(", ", ids) : null);
        Cells("Last request id", task.LastRequestId);
        TableEnd();

        Heading("Webhook deliveries");
        if (deliveries.Count == 0)
        {
            Notice("None yet: when the task becomes final, a notification is queued for its callback URL and for each matching endpoint.");
            return;
        }
        TableStart("Id", "Event", "Target", "State", "Attempts", "Last status", "Last error", "Next attempt", "");
        foreach (var delivery in deliveries)
        {
            WriteLiteral("<tr>");
            foreach (var value in new object?[] { delivery.Id, delivery.EventType, delivery.Url, StateLabel(delivery.State), delivery.Attempts,
                delivery.LastStatusCode, delivery.LastError, delivery.NextAttemptAt })
                Cell(value);
            WriteLiteral("<td>");
            ActionButton(DashboardPaths.Redeliver(delivery.Id), "Redeliver", "Send this notification again?",
                (ActionResults.TaskField, task.Id.ToString(CultureInfo.InvariantCulture)));
            WriteLiteral("</td></tr>\n");
        }
        TableEnd();
    }
}
