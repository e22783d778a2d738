using System.Text.Json;

namespace ClbWorker.Tasks.Api;

/// <summary>A task as the API returns it.</summary>
/// <param name="Id">The handle for <c>/api/tasks/{id}</c>.</param>
/// <param name="TaskId">The RequestId Tencent Cloud returned for the asynchronous call; null for a task identified by its dealName.</param>
/// <param name="TaskKind"><c>request_id</c> (polled with TaskId) or <c>deal_name</c> (polled with DealName).</param>
/// <param name="DealName">The order id of a prepaid change; null for a task identified by its taskId.</param>
/// <param name="State"><c>pending</c>, <c>succeeded</c>, <c>failed</c>, <c>timed_out</c>, <c>invalid</c> or <c>cancelled</c>.</param>
/// <param name="LastStatus">The last Status DescribeTaskStatus reported: 0 succeeded, 1 failed, 2 running.</param>
/// <param name="DeadlineAt">The caller's deadline; null means the worker's default deadline counted from <paramref name="CreatedAt"/>.</param>
/// <param name="LoadBalancerIds">The LoadBalancerIds of the latest answer that had them: the instances the task created (CreateLoadBalancer, CloneLoadBalancer) or touched.</param>
/// <param name="Message">The Message of the latest answer that had one, such as why the task failed.</param>
public sealed record TaskResource(
    long Id,
    string? TaskId,
    string TaskKind,
    string? DealName,
    string Region,
    string Account,
    string State,
    short? LastStatus,
    string? LastErrorCode,
    string? LastErrorMessage,
    string? LastRequestId,
    string? Message,
    IReadOnlyList<string>? LoadBalancerIds,
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
        return new TaskResource(task.Id, task.IsDealName ? null : task.TaskId, task.TaskKind, task.IsDealName ? task.TaskId : null,
            task.Region, task.Account, task.State, task.LastStatus, task.LastErrorCode,
            task.LastErrorMessage, task.LastRequestId, task.LastMessage, task.LoadBalancerIds, task.Attempts, task.IsPending ? task.NextPollAt : null, task.LastPolledAt,
            task.DeadlineAt, task.CallbackUrl, metadata.RootElement.Clone(), task.CreatedAt, task.UpdatedAt, task.CompletedAt);
    }
}
