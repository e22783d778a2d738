namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// Which keys hold secrets, by the name of their last segment: <c>SecretKey</c>, <c>Secret</c>, <c>SigningSecret</c>,
/// <c>Key</c>, <c>Token</c>, <c>Password</c>, <c>PasswordHash</c> and any other name with secret, password, token or
/// passphrase in it or ending in key. Their values are never printed. Erring towards hiding: <c>SecretId</c> is hidden too.
/// </summary>
public static class SecretNames
{
    private static readonly string[] Words = ["secret", "password", "passphrase", "token"];

    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = key[(key.LastIndexOf(':') + 1)..];
        // A _FILE variable holds the path of the secret, not the secret.
        if (name.EndsWith(SecretFileVariables.Suffix, StringComparison.Ordinal))
            return false;
        var lower = name.ToLowerInvariant();
        return Words.Any(word => lower.Contains(word, StringComparison.Ordinal)) || lower.EndsWith("key", StringComparison.Ordinal);
    }
}
