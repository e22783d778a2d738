using ClbWorker.Tasks;

namespace ClbWorker.Polling;

/// <summary>
/// What one poll changes on its task. <see cref="State"/> stays <c>pending</c> for a reschedule;
/// <see cref="AttemptIncrement"/> is 0 when the poll was not the task's fault (rate limit, paused account).
/// </summary>
public sealed record TaskUpdate(
    long Id,
    string State,
    short? LastStatus,
    string? ErrorCode,
    string? ErrorMessage,
    string? RequestId,
    int AttemptIncrement,
    DateTimeOffset NextPollAt,
    DateTimeOffset? PolledAt)
{
    public bool IsFinal => State != TaskStates.Pending;

    /// <summary>The answer's LoadBalancerIds; null keeps what the task has.</summary>
    public IReadOnlyList<string>? LoadBalancerIds { get; init; }

    /// <summary>The answer's Message; null keeps what the task has.</summary>
    public string? Message { get; init; }
}
