using ClbWorker.Tencent.Credentials;

namespace ClbWorker.Tencent;

/// <summary>
/// One account the worker calls Tencent Cloud with, after inheritance from the top-level options is applied.
/// </summary>
/// <param name="Credentials">The static key pair (today's SecretId/SecretKey/Token); empty when another source is configured.</param>
/// <param name="Endpoint">Replaces the Tencent endpoint for every region when set (a simulator, a proxy).</param>
/// <param name="RequestsPerSecond">This account's request budget; Tencent counts the limit per sub-account.</param>
public sealed record TencentAccount(string Name, TencentCredentials Credentials, Uri? Endpoint, double RequestsPerSecond)
{
    /// <summary>Where the credentials come from, as configured; null: <see cref="Credentials"/>, as given.</summary>
    public CredentialSettings? CredentialSettings { get; init; }

    /// <summary>The credential source's name: <c>static</c>, <c>cvm-role</c> ...</summary>
    public string CredentialSource => CredentialSettings?.Source ?? CredentialSources.Static;

    /// <summary>True when the account can poll: a complete static pair, or another source (which is checked at start).</summary>
    public bool HasCredentials => CredentialSource != CredentialSources.Static || Credentials.IsComplete;
}
