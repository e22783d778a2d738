namespace ClbWorker.Simulator;

/// <summary>An API key pair the simulator accepts, bound from <c>Simulator:Credentials:&lt;n&gt;</c>.</summary>
public sealed record SimulatorCredential
{
    /// <summary>
    /// The pair used when no credential is configured. Public on purpose: it only opens a local simulator
    /// and is printed at start so a developer can sign requests without further setup.
    /// </summary>
    public static SimulatorCredential Development { get; } = new()
    {
        SecretId = "AKIDSIMULATOR000000000000000000000000",
        SecretKey = "simulator-secret-key-not-for-production",
    };

    /// <summary>The key id clients put in the Authorization credential scope.</summary>
    public string SecretId { get; init; } = "";

    /// <summary>The secret the TC3 signing key is derived from.</summary>
    public string SecretKey { get; init; } = "";

    /// <summary>
    /// Session token of a temporary (STS) credential. When set, requests must carry the same value in
    /// <c>X-TC-Token</c>; when null the credential is a permanent key and no token is checked.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// When a temporary credential stops being accepted: from then on its requests answer <c>AuthFailure.TokenFailure</c>.
    /// Null (configured credentials): never.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Never prints the secret key or the token.</summary>
    public override string ToString() =>
        $"SimulatorCredential {{ SecretId = {SecretId}, HasToken = {Token is not null}, ExpiresAt = {ExpiresAt?.ToString("O") ?? "never"} }}";
}
