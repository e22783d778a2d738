using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ClbWorker.Api;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// The checked query string of <c>GET /api/tasks</c>: filters, page size and where to continue. Unknown parameters
/// are refused like unknown JSON properties: a misspelt filter would otherwise list every task.
/// </summary>
public sealed record TaskListQuery(TaskFilter Filter, int Limit, long? BeforeId, TimeSpan? Wait = null)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IReadOnlyList<string> Parameters { get; } = ["state", "region", "account", "taskId", "dealName", "createdAfter", "limit", "cursor", "wait"];

    public static IReadOnlyList<string> States => TaskQueryChecks.States;

    /// <param name="names">Every parameter name the query string holds, so that unknown ones are refused.</param>
    /// <param name="errors">What is wrong, by parameter name.</param>
    public static bool TryParse(TaskListParameters parameters, IEnumerable<string> names, [NotNullWhen(true)] out TaskListQuery? parsed,
        out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(names);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TaskQueryChecks.RefuseUnknown(names, Parameters, errors);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in new[]
        {
            ("state", parameters.State), ("region", parameters.Region), ("account", parameters.Account), ("taskId", parameters.TaskId),
            ("dealName", parameters.DealName), ("createdAfter", parameters.CreatedAfter), ("limit", parameters.Limit), ("cursor", parameters.Cursor),
            ("wait", parameters.Wait),
        })
        {
            if (!string.IsNullOrEmpty(value))
                values[name] = value;
        }

        var state = values.GetValueOrDefault("state");
        TaskQueryChecks.State(state, errors);
        var region = values.GetValueOrDefault("region");
        TaskQueryChecks.Region(region, errors);
        var account = values.GetValueOrDefault("account");
        TaskQueryChecks.Account(account, errors);
        var taskId = values.GetValueOrDefault("taskId");
        TaskQueryChecks.TaskId(taskId, errors);
        var dealName = values.GetValueOrDefault("dealName");
        if (dealName is not null && TaskIdRule.Check(dealName) is { } dealNameProblem)
            errors["dealName"] = [$"dealName {dealNameProblem}; allowed: {TaskIdRule.Description}."];
        else if (dealName is not null && taskId is not null)
            errors["dealName"] = ["dealName and taskId are both given; a task has one or the other: filter by one of them."];
        DateTimeOffset? createdAfter = null;
        if (values.GetValueOrDefault("createdAfter") is { } after)
        {
            if (IsoTimestamp.TryParse(after, out var at))
                createdAfter = at;
            else
                errors["createdAfter"] = [$"createdAfter '{ApiProblems.Shorten(after)}' is not an ISO 8601 timestamp with an offset; allowed: e.g. {IsoTimestamp.Example}."];
        }
        var limit = DefaultLimit;
        if (values.GetValueOrDefault("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
            errors["limit"] = [$"limit '{ApiProblems.Shorten(limitText)}' is not allowed; allowed: an integer from 1 to {MaxLimit} (default {DefaultLimit})."];

        var filter = new TaskFilter(state, region, account, taskId, createdAfter, dealName);
        long? beforeId = null;
        if (errors.Count == 0 && values.GetValueOrDefault("cursor") is { } cursor)
        {
            if (PageCursor.TryDecode(cursor, PagedList.Tasks, filter.Canonical, out var lastId, out var cursorProblem))
                beforeId = lastId;
            else
                errors["cursor"] = [cursorProblem!];
        }

        TimeSpan? wait = null;
        if (values.GetValueOrDefault("wait") is { } waitText)
        {
            if (!TaskWait.TryParse(waitText, out var waitFor, out var waitProblem))
                errors["wait"] = [waitProblem];
            else if (taskId is null || region is null || state is not null || createdAfter is not null || values.ContainsKey("cursor"))
                errors["wait"] = ["wait applies to the lookup of one task by taskId and region (and optionally account); it cannot be combined with state, createdAfter or cursor, nor used without taskId and region."];
            else
                wait = waitFor;
        }

        parsed = errors.Count == 0 ? new TaskListQuery(filter, limit, beforeId, wait) : null;
        return parsed is not null;
    }

}
