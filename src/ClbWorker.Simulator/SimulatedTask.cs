namespace ClbWorker.Simulator;

/// <summary>An asynchronous CLB task as DescribeTaskStatus sees it.</summary>
/// <param name="TaskId">The id it is polled by: a TaskId, or a DealName when <paramref name="Kind"/> says so.</param>
/// <param name="CompletesAt">When the status leaves 2; null for <see cref="SimulatedTaskOutcome.Never"/> and
/// <see cref="SimulatedTaskOutcome.Unknown"/>.</param>
/// <param name="LoadBalancerIds">Answered as <c>LoadBalancerIds</c>: the instances the task creates or touches; null for none.</param>
/// <param name="Message">Answered as <c>Message</c> once the task has failed.</param>
public sealed record SimulatedTask(
    string TaskId,
    string Region,
    SimulatedTaskOutcome Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletesAt,
    SimulatedTaskKind Kind = SimulatedTaskKind.TaskId,
    IReadOnlyList<string>? LoadBalancerIds = null,
    string? Message = null)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Running = 2;

    /// <summary>The Message of a failed task that was given none.</summary>
    public const string DefaultFailureMessage = "The simulated task failed: the change could not be applied.";

    /// <summary>The DescribeTaskStatus <c>Status</c> at <paramref name="now"/>: 0 succeeded, 1 failed, 2 running.</summary>
    public int StatusAt(DateTimeOffset now) => CompletesAt is { } end && now >= end
        ? Outcome == SimulatedTaskOutcome.Failed ? Failed : Succeeded
        : Running;

    /// <summary>The <c>Message</c> answered at <paramref name="now"/>: why it failed, once it has; null otherwise.</summary>
    public string? MessageAt(DateTimeOffset now) => StatusAt(now) == Failed ? Message ?? DefaultFailureMessage : null;
}
