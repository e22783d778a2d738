namespace ClbWorker.Tencent;

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
