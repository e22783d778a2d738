namespace ClbWorker.Tencent;

/// <summary>The request could not be delivered or the answer could not be read (DNS, refused, reset, TLS).</summary>
public sealed record ConnectionFailed(string Reason) : DescribeTaskStatusResult;
