using ClbWorker.Api;
using ClbWorker.Events;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;
using Microsoft.Extensions.Options;

namespace ClbWorker.Tasks.Api;

/// <summary><c>/api/tasks</c>: enqueue (one or a batch), list, look up, cancel and re-poll CLB tasks.</summary>
public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapPost("/", CreateAsync).WithName("CreateTask").RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Enqueue a task")
            .WithDescription("201 with the new task and its Location. Idempotent: the same account, region and taskId again answers 200 with the existing task, unchanged.")
            .AddOpenApiOperationTransformer(TaskApiExamples.CreateAsync);
        tasks.MapPost("/batch", CreateBatchAsync).WithName("CreateTaskBatch").RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Enqueue a batch of tasks")
            .WithDescription("Up to 1,000 tasks in one database round trip. One result per item, in request order: created, existing (also for a repeat within the batch) or rejected with the reason; a bad item does not stop the others.")
            .AddOpenApiOperationTransformer(TaskApiExamples.CreateBatchAsync);
        tasks.MapGet("/", ListAsync).WithName("ListTasks")
            .WithSummary("List tasks")
            .WithDescription("Newest first (descending id). Filters combine with AND; pass nextCursor with the same filters for the next page, null on the last one. Unknown parameters are refused.")
            .AddOpenApiOperationTransformer(TaskApiExamples.ListAsync);
        tasks.MapGet("/{id:long}", GetAsync).WithName("GetTask").WithSummary("Get a task")
            .WithDescription($"With wait (an ISO 8601 duration, at most PT60S) the answer comes as soon as the task is final, or when the wait is over with the task still pending: 200 either way, and the {TaskWait.FinalHeader} header says true or false.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tasks.MapPost("/{id:long}/cancel", CancelAsync).WithName("CancelTask").RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Cancel a task")
            .WithDescription("A pending task becomes cancelled and task.cancelled is sent to its webhooks; a final task answers 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tasks.MapPost("/{id:long}/poll", PollNowAsync).WithName("PollTaskNow").RequireAuthorization(ApiPolicies.Write)
            .WithSummary("Poll a task now")
            .WithDescription("A pending task is due at once, still no sooner than Polling:MinInterval after its last poll; a final task answers 409.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return tasks;
    }

    public static async Task<Results<Created<TaskResource>, Ok<TaskResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateTaskRequest request, TaskRequestValidator validator, TaskStore store, TimeProvider time, CancellationToken ct)
    {
        var check = validator.Validate(request, time.GetUtcNow());
        if (!check.IsValid)
            return ApiProblems.Invalid(check.Errors);
        if ((await store.EnqueueAsync([check.Task], ct))[0] is not { } enqueued)
            return DeletedMeanwhile();
        var task = TaskResource.From(enqueued.Task);
        return enqueued.Created ? TypedResults.Created($"/api/tasks/{task.Id}", task) : TypedResults.Ok(task);
    }

    public static async Task<Results<Ok<CreateTaskBatchResponse>, ValidationProblem>> CreateBatchAsync(
        CreateTaskBatchRequest request, TaskRequestValidator validator, TaskStore store, TimeProvider time,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (!TaskBatchItems.TryList(request.Tasks, out var items, out var errors))
            return ApiProblems.Invalid(errors);
        var now = time.GetUtcNow();
        var checks = items.Select(item => TaskBatchItems.Check(item, json.Value.SerializerOptions, validator, now)).ToList();
        var valid = checks.Where(c => c.IsValid).Select(c => c.Task!).ToList();
        var enqueued = await store.EnqueueAsync(valid, ct);

        var results = new List<BatchItemResult>(checks.Count);
        var next = 0;
        for (var index = 0; index < checks.Count; index++)
        {
            var check = checks[index];
            results.Add(!check.IsValid ? new BatchItemResult(index, BatchItemResult.Rejected, check.Summary, check.Errors, null)
                : enqueued[next++] is not { } row ? new BatchItemResult(index, BatchItemResult.Rejected, DeletedMessage, null, null)
                : new BatchItemResult(index, row.Created ? BatchItemResult.Created : BatchItemResult.Existing, null, null, TaskResource.From(row.Task)));
        }
        return TypedResults.Ok(new CreateTaskBatchResponse(
            results.Count(r => r.Result == BatchItemResult.Created), results.Count(r => r.Result == BatchItemResult.Existing),
            results.Count(r => r.Result == BatchItemResult.Rejected), results));
    }

    public static async Task<Results<Ok<TaskPage>, ValidationProblem>> ListAsync(
        [AsParameters] TaskListParameters parameters, HttpRequest request, TaskStore store, TaskEventHub hub, TimeProvider time, CancellationToken ct)
    {
        if (!TaskListQuery.TryParse(parameters, request.Query.Keys, out var query, out var errors))
            return ApiProblems.Invalid(errors);
        // One row more than the page tells whether another page follows.
        var rows = await store.ListAsync(query.Filter, query.BeforeId, query.Limit + 1, ct);
        var listed = rows.Take(query.Limit).ToList();
        if (query.Wait is { } wait)
        {
            var waited = await Task.WhenAll(listed.Select(t => t.IsPending ? hub.WaitForFinalAsync(t.Id, wait, time, ct) : Task.FromResult<TaskRecord?>(t)));
            listed = [.. waited.OfType<TaskRecord>()];
            request.HttpContext.Response.Headers[TaskWait.FinalHeader] = FinalValue(listed.Count > 0 && listed.All(t => !t.IsPending));
        }
        var page = listed.Select(TaskResource.From).ToList();
        var next = rows.Count > query.Limit ? PageCursor.Encode(PagedList.Tasks, rows[query.Limit - 1].Id, query.Filter.Canonical) : null;
        return TypedResults.Ok(new TaskPage(page, next));
    }

    public static async Task<Results<Ok<TaskResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        long id, [FromQuery(Name = "wait")] string? wait, HttpRequest request, TaskStore store, TaskEventHub hub, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        TaskQueryChecks.RefuseUnknown(request.Query.Keys, GetParameters, errors);
        TimeSpan waitFor = default;
        if (wait is not null && !TaskWait.TryParse(wait, out waitFor, out var problem))
            errors["wait"] = [problem];
        if (errors.Count > 0)
            return ApiProblems.Invalid(errors);
        if (wait is null)
            return await store.GetAsync(id, ct) is { } task ? TypedResults.Ok(TaskResource.From(task)) : ApiProblems.NotFound("task", id);
        if (await hub.WaitForFinalAsync(id, waitFor, time, ct) is not { } waited)
            return ApiProblems.NotFound("task", id);
        request.HttpContext.Response.Headers[TaskWait.FinalHeader] = FinalValue(!waited.IsPending);
        return TypedResults.Ok(TaskResource.From(waited));
    }

    private static readonly string[] GetParameters = ["wait"];

    private static string FinalValue(bool final) => final ? "true" : "false";

    // A pending task becomes cancelled and task.cancelled is sent; a final task answers 409.
    public static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> CancelAsync(
        long id, TaskStore store, TimeProvider time, CancellationToken ct) =>
        Answer(await store.CancelAsync(id, ct), id, "cancelled");

    // A pending task is due at once (still no sooner than the minimum interval after its last poll).
    public static async Task<Results<Ok<TaskResource>, ProblemHttpResult>> PollNowAsync(
        long id, TaskStore store, TimeProvider time, CancellationToken ct) =>
        Answer(await store.PollNowAsync(id, ct), id, "polled again");

    private static Results<Ok<TaskResource>, ProblemHttpResult> Answer(TaskChange change, long id, string what) => change switch
    {
        { Task: null } => ApiProblems.NotFound("task", id),
        { Task: { } task, Changed: true } => TypedResults.Ok(TaskResource.From(task)),
        { Task: { } task } => TypedResults.Problem(
            $"Task {id} is {task.State}; only a pending task can be {what}.", statusCode: StatusCodes.Status409Conflict, title: "Task is final"),
    };

    private const string DeletedMessage = "The task was deleted while it was being enqueued; send it again.";

    private static ProblemHttpResult DeletedMeanwhile() =>
        TypedResults.Problem(DeletedMessage, statusCode: StatusCodes.Status409Conflict, title: "Task deleted meanwhile");
}
