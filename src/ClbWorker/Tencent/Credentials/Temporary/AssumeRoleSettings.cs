using System.Text.RegularExpressions;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>What an <c>assume-role</c> or <c>oidc</c> section resolves to, defaults applied.</summary>
/// <param name="DurationSeconds">Asked lifetime of the keys, 900-43200 s.</param>
public sealed partial record AssumeRoleSettings(string RoleArn, string RoleSessionName, int DurationSeconds, string? ExternalId, Uri StsEndpoint, string StsRegion)
{
    public const int DefaultDurationSeconds = 7200;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 43200;

    /// <summary>The characters STS allows in a session name, 2 to 128 of them.</summary>
    public const string SessionNameRule = "2-128 letters, digits or _+=,.@-";

    /// <summary>Applies the defaults to a section the validator accepted; <paramref name="oidc"/> adds the TKE variables.</summary>
    public static AssumeRoleSettings From(TencentCredentialSourceOptions section, CredentialEnvironment environment, bool oidc)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(environment);
        var roleArn = section.RoleArn is { Length: > 0 } arn ? arn : oidc ? environment.Get(CredentialEnvironment.TkeRoleArnVariable) ?? "" : "";
        var region = section.StsRegion is { Length: > 0 } configured ? configured
            : oidc && environment.Get(CredentialEnvironment.TkeRegionVariable) is { Length: > 0 } tke ? tke
            : StsClient.DefaultRegion;
        return new AssumeRoleSettings(
            roleArn,
            section.RoleSessionName is { Length: > 0 } name ? name : DefaultSessionName(Environment.MachineName),
            section.DurationSeconds ?? DefaultDurationSeconds,
            string.IsNullOrEmpty(section.ExternalId) ? null : section.ExternalId,
            new Uri(section.StsEndpoint is { Length: > 0 } endpoint ? endpoint : StsClient.DefaultEndpoint, UriKind.Absolute),
            region);
    }

    /// <summary><c>clbworker-&lt;host&gt;</c>, with what STS does not allow in a session name replaced by <c>-</c>.</summary>
    public static string DefaultSessionName(string host)
    {
        var name = "clbworker-" + NotAllowedInSessionName().Replace(host, "-");
        return name.Length <= 128 ? name : name[..128];
    }

    public static bool IsValidSessionName(string name) => SessionName().IsMatch(name);

    [GeneratedRegex(@"[^\w+=,.@-]", RegexOptions.CultureInvariant)]
    private static partial Regex NotAllowedInSessionName();

    [GeneratedRegex(@"^[\w+=,.@-]{2,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionName();
}
