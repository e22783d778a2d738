using ClbWorker.Simulator.CloudApi;
using ClbWorker.Simulator.Validation;

namespace ClbWorker.Simulator.Tasks;

/// <summary>Allowed values of <see cref="SimulatedTaskRequest"/>; errors are keyed by the JSON field names of <c>POST /_sim/tasks</c>.</summary>
internal static class TaskRequestRules
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);
    private const int MaxTaskIdLength = 128;

    public static ValidationErrors Check(SimulatedTaskRequest request, ClbRegions regions)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ValidationErrors();
        errors.Add("count", ValueRules.Between(request.Count, 1, SimulatedTaskRequest.MaxCount));
        errors.Add("delay", ValueRules.Between(request.Delay, TimeSpan.Zero, MaxDelay));
        if (!Enum.IsDefined(request.Outcome))
            errors.Add("outcome", $"must be one of succeeded, failed, never, unknown; got {request.Outcome}");

        if (request.TaskId is { } taskId)
        {
            errors.Add("taskId", ValueRules.NotBlank(taskId));
            if (taskId.Length > MaxTaskIdLength)
                errors.Add("taskId", $"must be at most {MaxTaskIdLength} characters; got {taskId.Length}");
            if (request.Count != 1)
                errors.Add("taskId", $"can only be given for a single task (count 1); got count {request.Count}");
        }

        if (!Enum.IsDefined(request.Kind))
            errors.Add("kind", $"must be taskId or dealName; got {request.Kind}");
        if (request.LoadBalancerIds is { } ids)
        {
            if (ids.Count > 100)
                errors.Add("loadBalancerIds", $"must hold at most 100 ids; got {ids.Count}");
            if (ids.Any(string.IsNullOrWhiteSpace))
                errors.Add("loadBalancerIds", "must not hold empty ids");
        }
        if (request.Message is { Length: > 2000 } message)
            errors.Add("message", $"must be at most 2000 characters; got {message.Length}");

        if (string.IsNullOrWhiteSpace(request.Region))
            errors.Add("region", ValueRules.NotBlank(request.Region));
        else if (!regions.Contains(request.Region))
            errors.Add("region", $"must be a region the simulator serves (see Simulator:Regions); got {request.Region}");
        return errors;
    }
}
