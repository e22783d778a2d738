namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// One credential provider per account, made on first use and shared by every request of that account in this
/// process, so temporary keys are fetched and renewed once, not per request.
/// </summary>
public sealed class TencentCredentialProviders(CredentialProviderFactory factory) : ITencentCredentials, IDisposable
{
    private readonly Dictionary<string, ICredentialProvider> providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock gate = new();

    public ValueTask<TencentCredentials> GetAsync(TencentAccount account, CancellationToken ct) => For(account).GetAsync(ct);

    public ValueTask<bool> RenewAsync(TencentAccount account, string? rejectedSecretId, CancellationToken ct) =>
        For(account).RenewAsync(rejectedSecretId, ct);

    /// <exception cref="CredentialSourceException">The provider cannot be made; tried again on the next call.</exception>
    public ICredentialProvider For(TencentAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (gate)
        {
            if (!providers.TryGetValue(account.Name, out var provider))
                providers[account.Name] = provider = factory.Create(account);
            return provider;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var provider in providers.Values.OfType<IDisposable>())
                provider.Dispose();
            providers.Clear();
        }
    }
}
