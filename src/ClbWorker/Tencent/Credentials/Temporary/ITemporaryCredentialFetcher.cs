namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>One way of getting temporary keys: the CVM metadata service, STS AssumeRole, STS AssumeRoleWithWebIdentity.</summary>
public interface ITemporaryCredentialFetcher
{
    /// <summary>The source as configured, e.g. <c>assume-role (qcs::cam::uin/100:roleName/clb)</c>; never a key.</summary>
    string Description { get; }

    /// <summary>Asks the source once, no retries.</summary>
    /// <exception cref="CredentialSourceException">The source failed or answered something unusable.</exception>
    Task<TemporaryCredentials> FetchAsync(CancellationToken ct);
}
