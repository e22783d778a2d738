namespace ClbWorker.Tencent;

/// <summary>Nothing was sent: the request would have left later than its send deadline allows.</summary>
public sealed record SlotMissed(TimeSpan Lateness) : DescribeTaskStatusResult;
