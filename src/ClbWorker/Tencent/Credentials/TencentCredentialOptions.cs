namespace ClbWorker.Tencent.Credentials;

/// <summary>An account's credentials section: a source's keys, and for <c>assume-role</c> the source that signs the call.</summary>
public sealed class TencentCredentialOptions : TencentCredentialSourceOptions
{
    /// <summary>
    /// <c>assume-role</c>: the credentials that sign <c>AssumeRole</c>, a section of any other source
    /// (<c>SourceCredentials:Source</c>, <c>SourceCredentials:SecretId</c> ...). Required for <c>assume-role</c>.
    /// </summary>
    public TencentCredentialSourceOptions SourceCredentials { get; } = new();

    public override bool IsEmpty => base.IsEmpty && SourceCredentials.IsEmpty;
}
