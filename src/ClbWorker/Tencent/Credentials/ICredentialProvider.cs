namespace ClbWorker.Tencent.Credentials;

/// <summary>Where one account's credentials come from; one instance per account, shared by all its requests.</summary>
public interface ICredentialProvider
{
    /// <summary>The source as operators configured it, e.g. <c>cvm-role (role clbworker)</c>; never a key.</summary>
    string Description { get; }

    /// <summary>Credentials valid now and for a little while yet; fetched first when none are (then the caller waits).</summary>
    /// <exception cref="CredentialSourceException">The source failed; the message says how.</exception>
    ValueTask<TencentCredentials> GetAsync(CancellationToken ct);

    /// <summary>
    /// Tencent Cloud refused the credentials with SecretId <paramref name="rejectedSecretId"/>: drop them and get new ones
    /// at once. True when a retry can use something else (new credentials, or the source's own error); false when the
    /// source has nothing newer (a static key that did not change).
    /// </summary>
    ValueTask<bool> RenewAsync(string? rejectedSecretId, CancellationToken ct);
}
