namespace ClbWorker.Tencent;

/// <summary>No complete answer within <paramref name="Timeout"/> (<c>Tencent:Timeout</c>); the caller did not cancel.</summary>
public sealed record RequestTimedOut(TimeSpan Timeout) : DescribeTaskStatusResult;
