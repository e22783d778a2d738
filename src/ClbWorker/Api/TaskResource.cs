using System.Text.Json;
using ClbWorker.Tasks;

namespace ClbWorker.Api;

/// <summary>A task as the API returns it.</summary>
/// <param name="Id">The handle for <c>/api/tasks/{id}</c>.</param>
/// <param name="TaskId">The RequestId Tencent Cloud returned for the asynchronous call.</param>
/// <param name="State"><c>pending</c>, <c>succeeded</c>, <c>failed</c>, <c>timed_out</c>, <c>invalid</c> or <c>cancelled</c>.</param>
/// <param name="LastStatus">The last Status DescribeTaskStatus reported: 0 succeeded, 1 failed, 2 running.</param>
/// <param name="DeadlineAt">The caller's deadline; null means the worker's default deadline counted from <paramref name="CreatedAt"/>.</param>
public sealed record TaskResource(
    long Id,
    string TaskId,
    string Region,
    string Account,
    string State,
    short? LastStatus,
    string? LastErrorCode,
    string? LastErrorMessage,
    string? LastRequestId,
    int Attempts,
    DateTimeOffset? NextPollAt,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? DeadlineAt,
    string? CallbackUrl,
    JsonElement Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public static TaskResource From(TaskRecord task)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var metadata = JsonDocument.Parse(task.Metadata);
        return new TaskResource(task.Id, task.TaskId, task.Region, task.Account, task.State, task.LastStatus, task.LastErrorCode,
            task.LastErrorMessage, task.LastRequestId, task.Attempts, task.IsPending ? task.NextPollAt : null, task.LastPolledAt,
            task.DeadlineAt, task.CallbackUrl, metadata.RootElement.Clone(), task.CreatedAt, task.UpdatedAt, task.CompletedAt);
    }
}
