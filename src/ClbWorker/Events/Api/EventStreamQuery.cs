using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ClbWorker.Api;
using ClbWorker.Tasks.Api;

namespace ClbWorker.Events.Api;

/// <summary>The checked filters of <c>GET /api/events</c> and where to resume. Unknown parameters are refused.</summary>
public sealed record EventStreamQuery(EventFilter Filter, long? After)
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static IReadOnlyList<string> Parameters { get; } = ["account", "region", "taskId", "state", "polls"];

    public static bool TryParse(EventStreamParameters parameters, IEnumerable<string> names, [NotNullWhen(true)] out EventStreamQuery? parsed,
        out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TaskQueryChecks.RefuseUnknown(names, Parameters, errors);
        var account = Given(parameters.Account);
        TaskQueryChecks.Account(account, errors);
        var region = Given(parameters.Region);
        TaskQueryChecks.Region(region, errors);
        var taskId = Given(parameters.TaskId);
        TaskQueryChecks.TaskId(taskId, errors);
        string[]? states = null;
        if (Given(parameters.State) is { } stateList)
        {
            states = [.. stateList.Split(',', StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
            foreach (var state in states)
                TaskQueryChecks.State(state, errors);
        }
        var polls = false;
        if (Given(parameters.Polls) is { } pollsText && !bool.TryParse(pollsText, out polls))
            errors["polls"] = [$"polls '{ApiProblems.Shorten(pollsText)}' is not allowed; allowed: true or false (default false)."];
        long? after = null;
        if (parameters.LastEventId is { } resume)
        {
            if (long.TryParse(resume.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                after = id;
            else
                errors[LastEventIdHeader] = [$"{LastEventIdHeader} '{ApiProblems.Quote(resume)}' is not an event id; allowed: the id of an event this stream sent, a whole number of 0 or more."];
        }
        parsed = errors.Count == 0 ? new EventStreamQuery(new EventFilter(account, region, taskId, states, polls), after) : null;
        return parsed is not null;
    }

    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
