namespace ClbWorker.Tencent.Credentials;

/// <summary>The values of <c>Source</c> in a credentials section, with what each reads.</summary>
public static class CredentialSources
{
    /// <summary>SecretId, SecretKey and optional Token from configuration (today's keys); the default when they are set.</summary>
    public const string Static = "static";

    /// <summary><c>TENCENTCLOUD_SECRET_ID</c>, <c>TENCENTCLOUD_SECRET_KEY</c>, optional <c>TENCENTCLOUD_SESSION_TOKEN</c>.</summary>
    public const string Environment = "environment";

    /// <summary>The INI profile file <c>tccli</c> and the SDKs read: <c>~/.tencentcloud/credentials</c>.</summary>
    public const string Profile = "profile";

    /// <summary>The CAM role bound to this CVM instance, from the instance metadata service.</summary>
    public const string CvmRole = "cvm-role";

    /// <summary>STS <c>AssumeRole</c>, signed with the credentials of a <c>SourceCredentials</c> section.</summary>
    public const string AssumeRole = "assume-role";

    /// <summary>STS <c>AssumeRoleWithWebIdentity</c> with an OIDC token file: TKE workload identity.</summary>
    public const string Oidc = "oidc";

    /// <summary>Environment, then profile, then CVM role, like the official SDKs' default chain.</summary>
    public const string Chain = "chain";

    public static IReadOnlyList<string> All { get; } = [Static, Environment, Profile, CvmRole, AssumeRole, Oidc, Chain];
}
