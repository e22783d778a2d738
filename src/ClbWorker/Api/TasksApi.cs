using ClbWorker.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ClbWorker.Api;

/// <summary><c>/api/tasks</c>: enqueue, look up, cancel and re-poll CLB tasks.</summary>
public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("/{id:long}", GetAsync).WithName("GetTask");
        tasks.MapPost("/{id:long}/cancel", CancelAsync).RequireAuthorization(ApiPolicies.Write);
        tasks.MapPost("/{id:long}/poll", PollNowAsync).RequireAuthorization(ApiPolicies.Write);
        return tasks;
    }

    public static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> GetAsync(long id, TaskStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } task ? TypedResults.Ok(TaskResource.From(task)) : TaskNotFound(id);

    /// <summary>A pending task becomes <c>cancelled</c> and <c>task.cancelled</c> is sent; a final task answers 409.</summary>
    public static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> CancelAsync(
        long id, TaskStore store, TimeProvider time, CancellationToken ct) =>
        Answer(await store.CancelAsync(id, time.GetUtcNow(), ct), id, "cancelled");

    /// <summary>A pending task is due at once (still no sooner than the minimum interval after its last poll).</summary>
    public static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> PollNowAsync(
        long id, TaskStore store, TimeProvider time, CancellationToken ct) =>
        Answer(await store.PollNowAsync(id, time.GetUtcNow(), ct), id, "polled again");

    private static Results<Ok<TaskResource>, ProblemHttpResult> Answer(TaskChange change, long id, string what) => change switch
    {
        { Task: null } => TaskNotFound(id),
        { Task: { } task, Changed: true } => TypedResults.Ok(TaskResource.From(task)),
        { Task: { } task } => TypedResults.Problem(
            $"Task {id} is {task.State}; only a pending task can be {what}.", statusCode: StatusCodes.Status409Conflict, title: "Task is final"),
    };

    private static ProblemHttpResult TaskNotFound(long id) =>
        TypedResults.Problem($"There is no task with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Task not found");
}
