namespace ClbWorker.Simulator;

/// <summary>An asynchronous CLB task as DescribeTaskStatus sees it.</summary>
/// <param name="CompletesAt">When the status leaves 2; null for <see cref="SimulatedTaskOutcome.Never"/> and
/// <see cref="SimulatedTaskOutcome.Unknown"/>.</param>
public sealed record SimulatedTask(
    string TaskId,
    string Region,
    SimulatedTaskOutcome Outcome,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletesAt)
{
    public const int Succeeded = 0;
    public const int Failed = 1;
    public const int Running = 2;

    /// <summary>The DescribeTaskStatus <c>Status</c> at <paramref name="now"/>: 0 succeeded, 1 failed, 2 running.</summary>
    public int StatusAt(DateTimeOffset now) => CompletesAt is { } end && now >= end
        ? Outcome == SimulatedTaskOutcome.Failed ? Failed : Succeeded
        : Running;
}
