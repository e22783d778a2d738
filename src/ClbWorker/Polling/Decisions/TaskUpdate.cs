using ClbWorker.Tasks;

namespace ClbWorker.Polling.Decisions;

/// <summary>
/// What one poll changes on its task. <see cref="State"/> stays <c>pending</c> for a reschedule (the database makes
/// it <c>timed_out</c> when the poll came at or after the task's deadline); <see cref="AttemptIncrement"/> is 0 when
/// the poll was not the task's fault (rate limit, paused account) or nothing was sent.
/// </summary>
/// <param name="NextPollIn">
/// A pending task is due this long after its poll (<see cref="PolledAt"/>), or after the write when nothing was polled;
/// never later than its deadline.
/// </param>
/// <param name="PolledAt">When the request was sent, on the database clock (its send slot); null when nothing was sent.</param>
public sealed record TaskUpdate(
    long Id,
    string State,
    short? LastStatus,
    string? ErrorCode,
    string? ErrorMessage,
    string? RequestId,
    int AttemptIncrement,
    TimeSpan NextPollIn,
    DateTimeOffset? PolledAt)
{
    /// <summary>Final as decided by the answer; a pending update may still end <c>timed_out</c> at its deadline.</summary>
    public bool IsFinal => State != TaskStates.Pending;

    /// <summary>The answer's LoadBalancerIds; null keeps what the task has.</summary>
    public IReadOnlyList<string>? LoadBalancerIds { get; init; }

    /// <summary>The answer's Message; null keeps what the task has.</summary>
    public string? Message { get; init; }
}
