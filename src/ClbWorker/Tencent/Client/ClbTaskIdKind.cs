namespace ClbWorker.Tencent.Client;

/// <summary>Which DescribeTaskStatus parameter carries a task's id.</summary>
public enum ClbTaskIdKind
{
    /// <summary><c>TaskId</c>: the RequestId of a mutating call.</summary>
    TaskId,

    /// <summary><c>DealName</c>: the order id of a prepaid change.</summary>
    DealName,
}
