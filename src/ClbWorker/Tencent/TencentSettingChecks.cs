using System.Globalization;

namespace ClbWorker.Tencent;

/// <summary>
/// Checks shared by the top-level keys and each named account. Messages carry the key and, for non-secret
/// settings, the value; secret values (SecretKey, Token) never appear, not even in part.
/// </summary>
internal static class TencentSettingChecks
{
    public static void Credentials(
        List<string> errors, string prefix, string? secretId, string? secretKey, string? token, bool required)
    {
        bool hasId = !string.IsNullOrEmpty(secretId), hasKey = !string.IsNullOrEmpty(secretKey);
        if (required && !hasId && !hasKey)
            errors.Add($"{prefix}:SecretId and {prefix}:SecretKey are not set; both are required for a static key pair "
                + "(a named account may name another source under its Credentials:Source instead).");
        else if (hasId && !hasKey)
            errors.Add($"{prefix}:SecretKey is not set but {prefix}:SecretId is; set both or neither.");
        else if (!hasId && hasKey)
            errors.Add($"{prefix}:SecretId is not set but {prefix}:SecretKey is; set both or neither.");

        if (!string.IsNullOrEmpty(token) && !(hasId && hasKey))
            errors.Add($"{prefix}:Token is set without {prefix}:SecretId and {prefix}:SecretKey; "
                + "a session token is only used together with the temporary key pair it belongs to.");

        RejectWhitespace(errors, $"{prefix}:SecretId", secretId);
        RejectWhitespace(errors, $"{prefix}:SecretKey", secretKey);
        RejectWhitespace(errors, $"{prefix}:Token", token);
    }

    public static void Endpoint(List<string> errors, string key, string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint))
            return;
        // A URL with user information may carry a password: describe it without echoing it.
        var shown = endpoint.Contains('@', StringComparison.Ordinal) ? "(value withheld: it contains '@')" : $"'{endpoint}'";
        const string Allowed = "allowed: an absolute http:// or https:// URL with a host and optional port, "
            + "nothing after it but '/', e.g. http://127.0.0.1:18080";

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
            errors.Add($"{key} is {shown}, which is not an absolute http(s) URL with a host; {Allowed}.");
        else if (!string.IsNullOrEmpty(uri.UserInfo))
            errors.Add($"{key} is {shown}: user information (user:password@) is not allowed; "
                + $"credentials belong in SecretId/SecretKey; {Allowed}.");
        else if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            errors.Add($"{key} is {shown}, which has a path, query or fragment; {Allowed}.");
    }

    public static void RequestsPerSecond(List<string> errors, string key, double value)
    {
        // Written so that NaN fails too.
        if (!(value > 0 && value <= 1000))
            errors.Add($"{key} is {value.ToString(CultureInfo.InvariantCulture)}; "
                + "allowed: more than 0 and at most 1000 (requests per second).");
    }

    private static void RejectWhitespace(List<string> errors, string key, string? value)
    {
        // Usually a trailing newline from a secret file; it would only show up later as a signature failure.
        if (!string.IsNullOrEmpty(value) && value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            errors.Add($"{key} contains whitespace or control characters (a stray space or newline?); "
                + "allowed: the value exactly as issued, without surrounding whitespace.");
    }
}
