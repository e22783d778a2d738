namespace ClbWorker.Tencent.Client;

/// <summary>DescribeTaskStatus <c>Response.Status</c>; the numeric values are Tencent's.</summary>
public enum ClbTaskStatus
{
    Succeeded = 0,
    Failed = 1,
    Running = 2,
}
