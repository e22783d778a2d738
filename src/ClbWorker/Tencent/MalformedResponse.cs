namespace ClbWorker.Tencent;

/// <summary>HTTP 200, but the body is not a DescribeTaskStatus envelope the worker can trust.</summary>
public sealed record MalformedResponse(string Reason) : DescribeTaskStatusResult;
