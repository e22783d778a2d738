namespace ClbWorker.Hosting.Configuration;

/// <summary>
/// The <c>_FILE</c> convention of container images: an environment variable <c>Tencent__SecretKey_FILE</c> names a
/// file whose content becomes the configuration key <c>Tencent:SecretKey</c>, so a secret can be mounted as a file
/// (compose and Kubernetes secrets) instead of sitting in the environment.
/// </summary>
public static class SecretFileVariables
{
    public const string Suffix = "_FILE";

    /// <summary>A secret file holds one value; anything larger is a wrong path (a binary, a log), not a secret.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// The configuration key a variable names, e.g. <c>Tencent:SecretKey</c> for <c>Tencent__SecretKey_FILE</c>.
    /// Only names with a section (<c>__</c>) before the suffix count, so variables of other programs that happen to
    /// end in <c>_FILE</c> (<c>SSL_CERT_FILE</c>, <c>POSTGRES_PASSWORD_FILE</c>) are left alone.
    /// </summary>
    public static bool TryGetKey(string variableName, out string key)
    {
        ArgumentNullException.ThrowIfNull(variableName);
        key = "";
        if (!variableName.EndsWith(Suffix, StringComparison.Ordinal))
            return false;
        var name = variableName[..^Suffix.Length];
        if (!name.Contains("__", StringComparison.Ordinal) || name.StartsWith("__", StringComparison.Ordinal) || name.EndsWith("__", StringComparison.Ordinal))
            return false;
        key = name.Replace("__", ":", StringComparison.Ordinal);
        return true;
    }

    /// <summary>The environment variable that sets <paramref name="key"/> directly: <c>Tencent__SecretKey</c>.</summary>
    public static string DirectVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
