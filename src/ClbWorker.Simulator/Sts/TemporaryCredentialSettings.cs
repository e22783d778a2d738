namespace ClbWorker.Simulator.Sts;

/// <summary>The settings of <see cref="TemporaryCredentialIssuer"/> in force, copied from validated input.</summary>
internal sealed record TemporaryCredentialSettings(
    TimeSpan Lifetime, string? InstanceRole, IReadOnlyList<string> RoleArns, string? WebIdentityProviderId, string? WebIdentityToken)
{
    public static TemporaryCredentialSettings From(SimulatorTemporaryCredentials options) =>
        new(options.Lifetime, options.InstanceRole, [.. options.RoleArns], options.WebIdentityProviderId, options.WebIdentityToken);
}
