using System.Text.RegularExpressions;
using ClbWorker.Api;
using ClbWorker.Tencent;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// The checks of the query parameters that select tasks by account, region, TaskId and state, shared by every route that
/// takes them (<c>GET /api/tasks</c>, <c>GET /api/events</c>). Each adds its message under the parameter's name.
/// </summary>
public static partial class TaskQueryChecks
{
    public static IReadOnlyList<string> States { get; } =
        [TaskStates.Pending, TaskStates.Succeeded, TaskStates.Failed, TaskStates.TimedOut, TaskStates.Invalid, TaskStates.Cancelled];

    /// <summary>Refuses every name not in <paramref name="allowed"/>: a misspelt filter would otherwise select everything.</summary>
    public static void RefuseUnknown(IEnumerable<string> names, IReadOnlyList<string> allowed, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var name in names.Where(n => !allowed.Contains(n, StringComparer.OrdinalIgnoreCase)))
            errors[name] = [$"{ApiProblems.Shorten(name)} is not a parameter of this route; allowed: {string.Join(", ", allowed)}."];
    }

    public static void State(string? state, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (state is not null && !States.Contains(state))
            errors["state"] = [$"state '{ApiProblems.Shorten(state)}' is not a task state; allowed: {string.Join(", ", States)}."];
    }

    public static void Region(string? region, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (region is not null && !ClbRegions.IsWellFormed(region))
            errors["region"] = [$"region '{ApiProblems.Shorten(region)}' is not a region name; allowed: a name like ap-guangzhou or ap-shanghai-fsi."];
    }

    public static void Account(string? account, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (account is not null && !AccountName().IsMatch(account))
            errors["account"] = [$"account '{ApiProblems.Shorten(account)}' is not an account name; allowed: 1 to 64 letters, digits, '.', '_' or '-'."];
    }

    public static void TaskId(string? taskId, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (taskId is not null && TaskIdRule.Check(taskId) is { } problem)
            errors["taskId"] = [$"taskId {problem}; allowed: {TaskIdRule.Description}."];
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountName();
}
