using System.Text.Json;
using System.Text.Json.Nodes;
using ClbWorker.Simulator.Tasks;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>DescribeTaskStatus: the status of the task named by <c>TaskId</c> (a mutating call's RequestId) or <c>DealName</c> (an order id).</summary>
internal static class DescribeTaskStatusAction
{
    public const string Name = "DescribeTaskStatus";

    public static CloudApiOutcome Execute(CloudApiCall call, TaskRegistry tasks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var parameter in call.Parameters.EnumerateObject())
        {
            if (parameter.Name is not ("TaskId" or "DealName"))
                return CloudApiOutcome.Failure(ErrorCodes.UnknownParameter,
                    $"`{parameter.Name}` is not a parameter of {Name}; it takes `TaskId` or `DealName`. Names are case-sensitive.");
        }

        var hasTaskId = call.Parameters.TryGetProperty("TaskId", out var taskIdValue);
        var hasDealName = call.Parameters.TryGetProperty("DealName", out var dealNameValue);
        if (hasTaskId && hasDealName)
            return CloudApiOutcome.Failure(ErrorCodes.InvalidParameter, "Give exactly one of `TaskId` and `DealName`, not both.");
        if (!hasTaskId && !hasDealName)
            return CloudApiOutcome.Failure(CloudApiError.MissingParameter("TaskId"));
        var (name, value, kind) = hasTaskId ? ("TaskId", taskIdValue, SimulatedTaskKind.TaskId) : ("DealName", dealNameValue, SimulatedTaskKind.DealName);
        if (value.ValueKind != JsonValueKind.String)
            return CloudApiOutcome.Failure(ErrorCodes.InvalidParameterValue,
                $"`{name}` must be a string; got a JSON {value.ValueKind.ToString().ToLowerInvariant()}.");

        var id = value.GetString()!;
        // A task polled from another region is as unknown as a mistyped id: the real API answers both the same way.
        if (tasks.Find(id, kind) is not { } task || task.Region != call.Region)
            return CloudApiOutcome.Failure(ErrorCodes.InvalidParameter,
                kind == SimulatedTaskKind.DealName
                    ? $"The order `{id}` does not exist in region {call.Region}."
                    : $"The task `{id}` does not exist in region {call.Region}.");

        return CloudApiOutcome.Success(new JsonObject
        {
            ["Status"] = task.StatusAt(now),
            ["LoadBalancerIds"] = task.LoadBalancerIds is { } ids ? new JsonArray([.. ids.Select(i => (JsonNode?)JsonValue.Create(i))]) : null,
            ["Message"] = task.MessageAt(now),
        });
    }
}
