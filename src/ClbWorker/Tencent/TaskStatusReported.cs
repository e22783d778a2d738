namespace ClbWorker.Tencent;

/// <summary>Tencent answered with the task's status.</summary>
/// <param name="RequestId">Id of this DescribeTaskStatus call (not the task id), for Tencent support.</param>
/// <param name="LoadBalancerIds">The CLB instances the task created (CreateLoadBalancer, CloneLoadBalancer) or touched; null when the answer had none.</param>
/// <param name="Message">Tencent's description of the task, such as why it failed; null when the answer had none.</param>
public sealed record TaskStatusReported(ClbTaskStatus Status, string RequestId, IReadOnlyList<string>? LoadBalancerIds = null, string? Message = null)
    : DescribeTaskStatusResult;
