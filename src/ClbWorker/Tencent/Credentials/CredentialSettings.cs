namespace ClbWorker.Tencent.Credentials;

/// <summary>How one account gets its credentials, resolved from its configuration at start.</summary>
/// <param name="Source">The source in force (see <see cref="CredentialSources"/>): the section's, else <c>static</c>.</param>
/// <param name="Section">The account's credentials section as configured.</param>
/// <param name="Key">The section's configuration key, e.g. <c>Tencent:Credentials</c>, for messages.</param>
/// <param name="StaticKeys">
/// <c>static</c> only: the key under which SecretId, SecretKey and Token are configured (<c>Tencent</c>,
/// <c>Tencent:Credentials</c>, <c>Tencent:Accounts:prod</c> ...), read again when the configuration reloads.
/// </param>
public sealed record CredentialSettings(string Source, TencentCredentialOptions Section, string Key, string? StaticKeys)
{
    /// <summary>
    /// Resolves an account's settings: <paramref name="section"/> at <paramref name="sectionKey"/> names the source; the
    /// static pair comes from the section's keys if any is set, else from the account's own (today's) keys at
    /// <paramref name="accountKey"/>. The validator has refused configurations that set both.
    /// </summary>
    public static (CredentialSettings Settings, TencentCredentials Static) Resolve(
        TencentCredentialOptions section, string sectionKey, string accountKey, string? secretId, string? secretKey, string? token)
    {
        ArgumentNullException.ThrowIfNull(section);
        var source = string.IsNullOrEmpty(section.Source) ? CredentialSources.Static : section.Source;
        if (source != CredentialSources.Static)
            return (new CredentialSettings(source, section, sectionKey, null), new TencentCredentials("", ""));
        var inSection = new[] { section.SecretId, section.SecretKey, section.Token }.Any(v => !string.IsNullOrEmpty(v));
        var pair = inSection
            ? Pair(section.SecretId, section.SecretKey, section.Token)
            : Pair(secretId, secretKey, token);
        return (new CredentialSettings(source, section, sectionKey, inSection ? sectionKey : accountKey), pair);
    }

    private static TencentCredentials Pair(string? secretId, string? secretKey, string? token) =>
        new(secretId ?? "", secretKey ?? "", string.IsNullOrEmpty(token) ? null : token);
}
