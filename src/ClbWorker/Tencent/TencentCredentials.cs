namespace ClbWorker.Tencent;

/// <summary>A Tencent Cloud API key pair, plus the STS session token when the pair is temporary.</summary>
public sealed record TencentCredentials(string SecretId, string SecretKey, string? Token = null)
{
    /// <summary>True when both SecretId and SecretKey are present: only then can a request be signed.</summary>
    public bool IsComplete => AreComplete(SecretId, SecretKey);

    public static bool AreComplete(string? secretId, string? secretKey) =>
        !string.IsNullOrWhiteSpace(secretId) && !string.IsNullOrWhiteSpace(secretKey);

    /// <summary>Shows the SecretId (an identifier) and whether the secrets are present, never their values.</summary>
    public override string ToString() =>
        $"TencentCredentials {{ SecretId = {SecretId}, SecretKey = {Presence(SecretKey)}, Token = {Presence(Token)} }}";

    private static string Presence(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : "(redacted)";
}
