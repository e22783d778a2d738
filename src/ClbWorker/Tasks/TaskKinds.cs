namespace ClbWorker.Tasks;

/// <summary>
/// The values of <c>clb.tasks.task_kind</c>: what <c>task_id</c> holds, and so how DescribeTaskStatus is asked.
/// </summary>
public static class TaskKinds
{
    /// <summary><c>task_id</c> is the RequestId of a mutating call, sent as <c>TaskId</c>. The default.</summary>
    public const string RequestId = "request_id";

    /// <summary><c>task_id</c> is the order id (<c>DealName</c>) of a prepaid change, sent as <c>DealName</c>.</summary>
    public const string DealName = "deal_name";
}
