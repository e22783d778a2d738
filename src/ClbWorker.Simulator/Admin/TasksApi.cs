using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ClbWorker.Simulator.Admin;

/// <summary><c>/_sim/tasks</c>: create tasks DescribeTaskStatus will answer for, and look one up.</summary>
internal static class TasksApi
{
    public static void MapTasksApi(this RouteGroupBuilder admin)
    {
        var tasks = admin.MapGroup("/tasks");
        tasks.MapPost("/", CreateAsync);
        tasks.MapGet("/{taskId}", Get);
    }

    /// <summary>The tasks created, in order; <c>unknown</c> ones are listed but the API does not know them.</summary>
    internal sealed record CreatedTasks(IReadOnlyList<SimulatedTask> Tasks);

    /// <summary>A task with its status at the time of the request.</summary>
    internal sealed record TaskView(
        string TaskId, string Region, SimulatedTaskOutcome Outcome, DateTimeOffset CreatedAt, DateTimeOffset? CompletesAt, int Status,
        SimulatedTaskKind Kind, IReadOnlyList<string>? LoadBalancerIds, string? Message);

    private static async Task<Results<Ok<CreatedTasks>, ValidationProblem>> CreateAsync(
        HttpRequest request, SimulatorState state, IOptions<JsonOptions> json)
    {
        var (input, problem) = await AdminJson.ReadAsync<SimulatedTaskRequest>(request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var errors = state.Tasks.TryCreate(input!, out var created);
        return errors.IsEmpty ? TypedResults.Ok(new CreatedTasks(created)) : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    /// <summary>A task by TaskId, or by DealName with <c>?kind=dealName</c>.</summary>
    private static Results<Ok<TaskView>, ProblemHttpResult> Get(string taskId, SimulatorState state, string? kind = null)
    {
        var byDealName = string.Equals(kind, "dealName", StringComparison.OrdinalIgnoreCase);
        if (kind is not null && !byDealName && !string.Equals(kind, "taskId", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown kind",
                detail: $"kind must be taskId or dealName; got `{kind}`.");
        if (state.Tasks.Find(taskId, byDealName ? SimulatedTaskKind.DealName : SimulatedTaskKind.TaskId) is not { } task)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such task",
                detail: $"The simulator knows no task `{taskId}`; DescribeTaskStatus answers InvalidParameter for it.");
        var now = state.Time.GetUtcNow();
        return TypedResults.Ok(new TaskView(task.TaskId, task.Region, task.Outcome, task.CreatedAt, task.CompletesAt,
            task.StatusAt(now), task.Kind, task.LoadBalancerIds, task.MessageAt(now)));
    }
}
