namespace ClbWorker.Tencent;

/// <summary>Tencent answered with the task's status.</summary>
/// <param name="RequestId">Id of this DescribeTaskStatus call (not the task id), for Tencent support.</param>
public sealed record TaskStatusReported(ClbTaskStatus Status, string RequestId) : DescribeTaskStatusResult;
