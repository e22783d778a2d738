namespace ClbWorker.Tencent;

/// <summary>Tencent answered HTTP 200 with an error envelope (<c>Response.Error</c>).</summary>
/// <param name="RequestId">
/// Id of the failed call when Tencent sent one. Null when absent: an error without it is still worth
/// classifying (a rate limit is a rate limit), so it is not treated as a malformed answer.
/// </param>
public sealed record ApiErrorReported(string Code, string Message, string? RequestId) : DescribeTaskStatusResult
{
    /// <summary>What the code means for a poller; see <see cref="TencentErrorCodes.Classify"/>.</summary>
    public TencentErrorKind Kind => TencentErrorCodes.Classify(Code);
}
