namespace ClbWorker.Tencent;

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
