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
        string TaskId, string Region, SimulatedTaskOutcome Outcome, DateTimeOffset CreatedAt, DateTimeOffset? CompletesAt, int Status);

    private static async Task<Results<Ok<CreatedTasks>, ValidationProblem>> CreateAsync(
        HttpRequest request, SimulatorState state, IOptions<JsonOptions> json)
    {
        var (input, problem) = await AdminJson.ReadAsync<SimulatedTaskRequest>(request, json.Value.SerializerOptions);
        if (problem is not null)
            return problem;
        var errors = state.Tasks.TryCreate(input!, out var created);
        return errors.IsEmpty ? TypedResults.Ok(new CreatedTasks(created)) : TypedResults.ValidationProblem(errors.ToDictionary());
    }

    private static Results<Ok<TaskView>, ProblemHttpResult> Get(string taskId, SimulatorState state)
    {
        if (state.Tasks.Find(taskId) is not { } task)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such task",
                detail: $"The simulator knows no task `{taskId}`; DescribeTaskStatus answers InvalidParameter for it.");
        return TypedResults.Ok(new TaskView(task.TaskId, task.Region, task.Outcome, task.CreatedAt, task.CompletesAt,
            task.StatusAt(state.Time.GetUtcNow())));
    }
}
