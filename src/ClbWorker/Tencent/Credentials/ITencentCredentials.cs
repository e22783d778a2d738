namespace ClbWorker.Tencent.Credentials;

/// <summary>What the CLB client asks for the credentials of an account: the current ones, or new ones after a refusal.</summary>
public interface ITencentCredentials
{
    /// <exception cref="CredentialSourceException">The account's source failed; the message says how.</exception>
    ValueTask<TencentCredentials> GetAsync(TencentAccount account, CancellationToken ct);

    /// <summary>See <see cref="ICredentialProvider.RenewAsync"/>.</summary>
    ValueTask<bool> RenewAsync(TencentAccount account, string? rejectedSecretId, CancellationToken ct);
}
