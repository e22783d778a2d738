using System.Text.Json;
using System.Text.Json.Nodes;
using ClbWorker.Simulator.Tasks;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>DescribeTaskStatus: the status of the task whose id is a mutating call's RequestId.</summary>
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
                    $"`{parameter.Name}` is not a parameter of {Name}; it takes `TaskId` (or `DealName`). Names are case-sensitive.");
        }

        if (!call.Parameters.TryGetProperty("TaskId", out var taskIdValue))
            return call.Parameters.TryGetProperty("DealName", out _)
                ? CloudApiOutcome.Failure(ErrorCodes.InvalidParameter, "The simulator knows no prepaid orders; look tasks up by `TaskId`.")
                : CloudApiOutcome.Failure(CloudApiError.MissingParameter("TaskId"));
        if (taskIdValue.ValueKind != JsonValueKind.String)
            return CloudApiOutcome.Failure(ErrorCodes.InvalidParameterValue,
                $"`TaskId` must be a string; got a JSON {taskIdValue.ValueKind.ToString().ToLowerInvariant()}.");

        var taskId = taskIdValue.GetString()!;
        // A task polled from another region is as unknown as a mistyped id: the real API answers both the same way.
        if (tasks.Find(taskId) is not { } task || task.Region != call.Region)
            return CloudApiOutcome.Failure(ErrorCodes.InvalidParameter, $"The task `{taskId}` does not exist in region {call.Region}.");

        return CloudApiOutcome.Success(new JsonObject
        {
            ["Status"] = task.StatusAt(now),
            ["LoadBalancerIds"] = null,
            ["Message"] = null,
        });
    }
}
