using ClbWorker.Tasks;

namespace ClbWorker.Dashboard.Tasks;

/// <summary>"CLB tasks": counts by state, the pending backlog by account and region, recent problems, search by TaskId.</summary>
public sealed class TasksPage(TaskOverview overview, string? search, IReadOnlyList<TaskRecord>? found, DateTimeOffset now) : ClbPage("CLB tasks")
{
    protected override void Body()
    {
        SearchForm();
        if (found is not null)
            SearchResults();

        Heading("Last 15 minutes");
        WriteLiteral("<div class=\"row\"><div class=\"col-md-6\">");
        Chart("finished", DashboardPaths.FinishedChart, "Tasks finished per minute, by state");
        WriteLiteral("</div><div class=\"col-md-6\">");
        Chart("lag", DashboardPaths.FinishedChart, "Detection lag per minute (previous poll to the poll that saw the end), p50 and p99");
        WriteLiteral("</div></div>\n");
        ChartsScript();

        Heading("Tasks by state");
        TableStart("State", "Tasks kept", "Finished in the last hour");
        foreach (var state in overview.States)
            Cells(StateLabel(state.State), Count(state), state.LastHour is { } hour ? Count(hour) : null);
        TableEnd();

        Heading("Pending by account and region");
        if (overview.OldestPendingCreatedAt is { } oldest)
            Notice($"Oldest pending task: enqueued {Age(now - oldest)} ago ({Timestamp(oldest)}).");
        if (overview.PendingSampled)
            Notice($"More than {Count(DashboardStore.CountLimit)} tasks are pending: the rows below and the oldest age cover the first {Count(DashboardStore.CountLimit)} found.", "warning");
        if (overview.PendingGroups.Count == 0)
            Notice("No task is pending.", "success");
        else
        {
            TableStart("Account", "Region", "Pending", "Oldest enqueued");
            foreach (var group in overview.PendingGroups)
                Cells(group.Account, group.Region, Count(group.Count), $"{Age(now - group.OldestCreatedAt)} ago");
            TableEnd();
        }

        Heading($"Newest failed, invalid and timed-out tasks (up to {DashboardStore.ListLimit})");
        if (overview.RecentProblems.Count == 0)
            Notice("No task has failed, been invalid or timed out.", "success");
        else
            TaskTable(overview.RecentProblems);
    }

    private void SearchForm()
    {
        WriteLiteral("<form method=\"get\" class=\"form-inline\" action=\"");
        Write(Url.To(DashboardPaths.Tasks));
        WriteLiteral("\"><div class=\"form-group\"><label for=\"taskId\">TaskId (RequestId) or DealName</label> <input type=\"text\" class=\"form-control\" id=\"taskId\" name=\"taskId\" maxlength=\"64\" size=\"44\" value=\"");
        Write(search);
        WriteLiteral("\"></div> <button type=\"submit\" class=\"btn btn-primary\">Find</button></form>\n");
    }

    private void SearchResults()
    {
        Heading("Search results");
        if (found!.Count == 0)
            Notice("No task has that TaskId or DealName.", "warning");
        else
            TaskTable(found);
    }

    private void TaskTable(IReadOnlyList<TaskRecord> tasks)
    {
        TableStart("Id", "TaskId", "Account", "Region", "State", "Attempts", "Error code", "Error message", "Finished");
        foreach (var task in tasks)
        {
            Cells(Link(DashboardPaths.Task(task.Id), task.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), task.TaskId,
                task.Account, task.Region, StateLabel(task.State), task.Attempts, task.LastErrorCode, task.LastErrorMessage, task.CompletedAt);
        }
        TableEnd();
    }
}
