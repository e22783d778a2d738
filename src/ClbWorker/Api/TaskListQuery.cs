using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using ClbWorker.Tasks;
using ClbWorker.Tencent;

namespace ClbWorker.Api;

/// <summary>
/// The checked query string of <c>GET /api/tasks</c>: filters, page size and where to continue. Unknown parameters
/// are refused like unknown JSON properties: a misspelt filter would otherwise list every task.
/// </summary>
public sealed partial record TaskListQuery(TaskFilter Filter, int Limit, long? BeforeId)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IReadOnlyList<string> Parameters { get; } = ["state", "region", "account", "taskId", "dealName", "createdAfter", "limit", "cursor"];

    public static IReadOnlyList<string> States { get; } =
        [TaskStates.Pending, TaskStates.Succeeded, TaskStates.Failed, TaskStates.TimedOut, TaskStates.Invalid, TaskStates.Cancelled];

    /// <param name="names">Every parameter name the query string holds, so that unknown ones are refused.</param>
    /// <param name="errors">What is wrong, by parameter name.</param>
    public static bool TryParse(TaskListParameters parameters, IEnumerable<string> names, [NotNullWhen(true)] out TaskListQuery? parsed,
        out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(names);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !Parameters.Contains(n, StringComparer.OrdinalIgnoreCase)))
            errors[name] = [$"{ApiProblems.Shorten(name)} is not a parameter of this route; allowed: {string.Join(", ", Parameters)}."];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in new[]
        {
            ("state", parameters.State), ("region", parameters.Region), ("account", parameters.Account), ("taskId", parameters.TaskId),
            ("dealName", parameters.DealName), ("createdAfter", parameters.CreatedAfter), ("limit", parameters.Limit), ("cursor", parameters.Cursor),
        })
        {
            if (!string.IsNullOrEmpty(value))
                values[name] = value;
        }

        var state = values.GetValueOrDefault("state");
        if (state is not null && !States.Contains(state))
            errors["state"] = [$"state '{ApiProblems.Shorten(state)}' is not a task state; allowed: {string.Join(", ", States)}."];
        var region = values.GetValueOrDefault("region");
        if (region is not null && !ClbRegions.IsWellFormed(region))
            errors["region"] = [$"region '{ApiProblems.Shorten(region)}' is not a region name; allowed: a name like ap-guangzhou or ap-shanghai-fsi."];
        var account = values.GetValueOrDefault("account");
        if (account is not null && !AccountName().IsMatch(account))
            errors["account"] = [$"account '{ApiProblems.Shorten(account)}' is not an account name; allowed: 1 to 64 letters, digits, '.', '_' or '-'."];
        var taskId = values.GetValueOrDefault("taskId");
        if (taskId is not null && TaskIdRule.Check(taskId) is { } taskIdProblem)
            errors["taskId"] = [$"taskId {taskIdProblem}; allowed: {TaskIdRule.Description}."];
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

        parsed = errors.Count == 0 ? new TaskListQuery(filter, limit, beforeId) : null;
        return parsed is not null;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();
}
