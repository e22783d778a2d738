using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClbWorker.Tasks.Api;

/// <summary>
/// Up to 1,000 tasks to enqueue at once. Items are read one by one, so an item of the wrong shape is rejected on its
/// own and the others still go in; the OpenAPI document describes <see cref="Tasks"/> as an array of <see cref="CreateTaskRequest"/>.
/// </summary>
/// <param name="Tasks">1 to 1,000 tasks, each like the body of POST /api/tasks.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CreateTaskBatchRequest(JsonElement? Tasks)
{
    public const int MaxTasks = 1000;
}
