namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// The key pair of the environment source: <c>TENCENTCLOUD_SECRET_ID</c>, <c>TENCENTCLOUD_SECRET_KEY</c>, and
/// <c>TENCENTCLOUD_SESSION_TOKEN</c> (or <c>TENCENTCLOUD_SECURITY_TOKEN</c>) for a temporary pair.
/// </summary>
public static class EnvironmentCredentials
{
    public const string Variables = $"{CredentialEnvironment.SecretIdVariable} and {CredentialEnvironment.SecretKeyVariable}";

    /// <returns>
    /// <c>IsSet</c> false when neither variable is set (a chain passes on); otherwise the pair, or what is wrong with it
    /// (set but empty, one of the two missing, stray whitespace), never quoting a value.
    /// </returns>
    public static (bool IsSet, TencentCredentials? Credentials, string? Problem) Read(CredentialEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var id = environment.Get(CredentialEnvironment.SecretIdVariable);
        var key = environment.Get(CredentialEnvironment.SecretKeyVariable);
        var token = environment.Get(CredentialEnvironment.SessionTokenVariable) is { Length: > 0 } session
            ? session
            : environment.Get(CredentialEnvironment.SecurityTokenVariable);
        if (id is null && key is null)
            return (false, null, null);
        var missing = id is null ? CredentialEnvironment.SecretIdVariable : key is null ? CredentialEnvironment.SecretKeyVariable : null;
        if (missing is not null)
            return (true, null, $"{missing} is not set while the other of {Variables} is; set both.");
        if (id!.Length == 0 || key!.Length == 0)
            return (true, null, $"{(id.Length == 0 ? CredentialEnvironment.SecretIdVariable : CredentialEnvironment.SecretKeyVariable)} is set but empty; set both of {Variables}.");
        if (new[] { id, key, token ?? "" }.Any(v => v.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            return (true, null, $"{Variables} (or the session token) contain whitespace or control characters; set the values exactly as issued.");
        return (true, new TencentCredentials(id, key, string.IsNullOrEmpty(token) ? null : token), null);
    }
}
