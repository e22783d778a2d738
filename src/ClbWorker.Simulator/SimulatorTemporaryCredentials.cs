using System.Text.Json.Serialization;

namespace ClbWorker.Simulator;

/// <summary>
/// What the simulated STS and CVM metadata service issue: temporary keys that DescribeTaskStatus accepts only with their
/// token (<c>X-TC-Token</c>) and only until they expire; then it answers <c>AuthFailure.TokenFailure</c>.
/// </summary>
public sealed class SimulatorTemporaryCredentials
{
    public static readonly TimeSpan MinLifetime = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// Lifetime of every key issued; an AssumeRole that asks for less (DurationSeconds) gets less. Default 2 hours,
    /// Tencent's default; allowed 1 second to 12 hours. Short lifetimes (a minute) show renewals at work.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// The CAM role bound to the simulated CVM instance, which the metadata service names and issues keys for. Null
    /// (the default): no role is bound, and <c>/latest/meta-data/cam/security-credentials/</c> answers 404.
    /// </summary>
    public string? InstanceRole { get; set; }

    /// <summary>The role ARNs STS lets callers assume. Empty (the default): any of the form <c>qcs::cam::uin/&lt;digits&gt;:roleName/&lt;name&gt;</c>.</summary>
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public IList<string> RoleArns { get; } = new List<string>();

    /// <summary>The OIDC provider AssumeRoleWithWebIdentity accepts (with <see cref="WebIdentityToken"/>). Null: none.</summary>
    public string? WebIdentityProviderId { get; set; }

    /// <summary>The one web identity token accepted; a token file with other content is refused. A secret.</summary>
    public string? WebIdentityToken { get; set; }

    /// <summary>Never prints the token.</summary>
    public override string ToString() =>
        $"SimulatorTemporaryCredentials {{ Lifetime = {Lifetime:c}, InstanceRole = {InstanceRole ?? "(none)"}, RoleArns = {RoleArns.Count}, "
        + $"WebIdentityProviderId = {WebIdentityProviderId ?? "(none)"}, HasWebIdentityToken = {WebIdentityToken is not null} }}";
}
