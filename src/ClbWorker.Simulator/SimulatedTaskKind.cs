namespace ClbWorker.Simulator;

/// <summary>How DescribeTaskStatus names a task: by <c>TaskId</c> (a mutating call's RequestId) or by <c>DealName</c> (an order id).</summary>
public enum SimulatedTaskKind
{
    /// <summary>The RequestId of a mutating call.</summary>
    TaskId,

    /// <summary>The order id of a prepaid change (CreateLoadBalancer prepaid, RenewLoadBalancers, ModifyLoadBalancerSla).</summary>
    DealName,
}
