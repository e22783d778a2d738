namespace ClbWorker.TencentCloud;

/// <summary>
/// Everything TC3-HMAC-SHA256 signs for one POST request. <paramref name="Host"/> is the exact value the
/// request's Host header carries (with a port when the endpoint has a non-default one);
/// <paramref name="ContentType"/> is the exact Content-Type header sent.
/// </summary>
/// <param name="Service">Credential scope service, e.g. <c>clb</c>; never derived from an overridden host.</param>
/// <param name="Timestamp">Unix seconds, the same value sent as X-TC-Timestamp.</param>
/// <param name="Action">When set, <c>x-tc-action</c> (lower-cased) is signed as well as content-type and host.</param>
public sealed record Tc3SigningInput(
    string SecretId,
    string SecretKey,
    string Service,
    string Host,
    string ContentType,
    ReadOnlyMemory<byte> Payload,
    long Timestamp,
    string? Action = null)
{
    /// <summary>Never prints the secret key.</summary>
    public override string ToString() =>
        $"Tc3SigningInput {{ SecretId = {SecretId}, Service = {Service}, Host = {Host}, Timestamp = {Timestamp} }}";
}
