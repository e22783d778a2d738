namespace ClbWorker.Tencent.Client;

/// <summary>
/// Outcome of one DescribeTaskStatus call. Exactly one of the sealed subtypes, so callers branch with a
/// <c>switch</c> on the type instead of parsing messages: <see cref="TaskStatusReported"/>,
/// <see cref="ApiErrorReported"/>, <see cref="HttpErrorReceived"/>, <see cref="RequestTimedOut"/>,
/// <see cref="ConnectionFailed"/>, <see cref="MalformedResponse"/>, <see cref="SlotMissed"/>, <see cref="CredentialsUnavailable"/>.
/// </summary>
public abstract record DescribeTaskStatusResult
{
    /// <summary>From just before sending to the end of reading the answer (or giving up), by the injected clock.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// The SecretId the request was signed with (an identifier, not a secret); null when nothing was signed. Lets a
    /// caller that was refused ask for credentials newer than these.
    /// </summary>
    public string? SecretId { get; init; }
}

/// <summary>Tencent answered with the task's status.</summary>
/// <param name="RequestId">Id of this DescribeTaskStatus call (not the task id), for Tencent support.</param>
/// <param name="LoadBalancerIds">The CLB instances the task created (CreateLoadBalancer, CloneLoadBalancer) or touched; null when the answer had none.</param>
/// <param name="Message">Tencent's description of the task, such as why it failed; null when the answer had none.</param>
public sealed record TaskStatusReported(ClbTaskStatus Status, string RequestId, IReadOnlyList<string>? LoadBalancerIds = null, string? Message = null)
    : DescribeTaskStatusResult;

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

/// <summary>A status other than 200: Tencent's API answers even its errors with 200, so this is a gateway or proxy failure.</summary>
/// <param name="BodyExcerpt">The start of the body as text, whitespace collapsed, for logs.</param>
public sealed record HttpErrorReceived(int StatusCode, string BodyExcerpt) : DescribeTaskStatusResult;

/// <summary>No complete answer within <paramref name="Timeout"/> (<c>Tencent:Timeout</c>); the caller did not cancel.</summary>
public sealed record RequestTimedOut(TimeSpan Timeout) : DescribeTaskStatusResult;

/// <summary>The request could not be delivered or the answer could not be read (DNS, refused, reset, TLS).</summary>
public sealed record ConnectionFailed(string Reason) : DescribeTaskStatusResult;

/// <summary>HTTP 200, but the body is not a DescribeTaskStatus envelope the worker can trust.</summary>
public sealed record MalformedResponse(string Reason) : DescribeTaskStatusResult;

/// <summary>Nothing was sent: the request would have left later than its send deadline allows.</summary>
public sealed record SlotMissed(TimeSpan Lateness) : DescribeTaskStatusResult;

/// <summary>
/// Nothing was sent: the account's credential source could not give usable credentials (metadata unreachable, STS
/// refused, an answer malformed or already expired).
/// </summary>
/// <param name="Reason">The source's own error, safe to log and show: it never holds a key or token.</param>
public sealed record CredentialsUnavailable(string Reason) : DescribeTaskStatusResult
{
    /// <summary>The error code a pause for this reason is recorded with.</summary>
    public const string Code = "CredentialsUnavailable";
}
