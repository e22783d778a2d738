namespace ClbWorker.Tasks;

/// <summary>One row of <c>clb.tasks</c> as the API and the dashboard show it (lease columns left out).</summary>
/// <param name="Id">The row id: the handle for API routes; <paramref name="TaskId"/> is Tencent's RequestId.</param>
/// <param name="Metadata">The caller's JSON object, as text.</param>
/// <param name="DeadlineAt">The deadline the caller gave; null means the worker's default deadline from creation.</param>
/// <param name="TaskKind">What <paramref name="TaskId"/> holds: a RequestId or an order id (DealName), see <see cref="TaskKinds"/>.</param>
/// <param name="LoadBalancerIds">The LoadBalancerIds of the latest answer that had them: the instances the task created or touched.</param>
/// <param name="LastMessage">The Message of the latest answer that had one, such as why the task failed.</param>
public sealed record TaskRecord(
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
    DateTimeOffset NextPollAt,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? DeadlineAt,
    string? CallbackUrl,
    string Metadata,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt,
    string TaskKind = TaskKinds.RequestId,
    IReadOnlyList<string>? LoadBalancerIds = null,
    string? LastMessage = null)
{
    public bool IsPending => State == TaskStates.Pending;

    public bool IsDealName => TaskKind == TaskKinds.DealName;
}
