namespace ClbWorker.TencentCloud;

/// <summary>The Authorization header value and the intermediate values that published test vectors check.</summary>
public sealed record Tc3Signature(
    string Authorization,
    string Signature,
    string SignedHeaders,
    string CredentialScope,
    string CanonicalRequestHash);
