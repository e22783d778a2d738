using Microsoft.Extensions.Configuration;

namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// The environment variables the credential sources read (<c>TENCENTCLOUD_*</c>, <c>TKE_*</c>, <c>HOME</c>). Read
/// through configuration, which holds every environment variable under its own name, so a host can also set them as
/// plain configuration keys (tests, the dev run) without touching the process environment.
/// </summary>
public sealed class CredentialEnvironment(Func<string, string?> lookup)
{
    public const string SecretIdVariable = "TENCENTCLOUD_SECRET_ID";
    public const string SecretKeyVariable = "TENCENTCLOUD_SECRET_KEY";
    public const string SessionTokenVariable = "TENCENTCLOUD_SESSION_TOKEN";

    /// <summary>The name some tools use for the same token; read when <see cref="SessionTokenVariable"/> is not set.</summary>
    public const string SecurityTokenVariable = "TENCENTCLOUD_SECURITY_TOKEN";

    public const string CredentialsFileVariable = "TENCENTCLOUD_CREDENTIALS_FILE";
    public const string TkeRoleArnVariable = "TKE_ROLE_ARN";
    public const string TkeProviderIdVariable = "TKE_PROVIDER_ID";
    public const string TkeTokenFileVariable = "TKE_WEB_IDENTITY_TOKEN_FILE";
    public const string TkeRegionVariable = "TKE_REGION";

    /// <summary>No variables at all: what unit tests of pure configuration use.</summary>
    public static CredentialEnvironment Empty { get; } = new(_ => null);

    public static CredentialEnvironment From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new CredentialEnvironment(name => configuration[name]);
    }

    /// <summary>The variable's value; null when unset (an empty value is returned as empty: set but empty is an error of its own).</summary>
    public string? Get(string name) => lookup(name);

    /// <summary><c>~/.tencentcloud/credentials</c> of the user the process runs as.</summary>
    public string DefaultProfileFile =>
        Path.Combine(lookup("HOME") is { Length: > 0 } home ? home : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile),
            ".tencentcloud", "credentials");

    /// <summary>The profile file a section names, else <c>TENCENTCLOUD_CREDENTIALS_FILE</c>, else the default; with the key it came from.</summary>
    public (string Path, string Key) ProfileFileOf(TencentCredentialSourceOptions options, string prefix)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.ProfileFile))
            return (options.ProfileFile, $"{prefix}:ProfileFile");
        if (Get(CredentialsFileVariable) is { Length: > 0 } file)
            return (file, CredentialsFileVariable);
        return (DefaultProfileFile, $"{prefix}:ProfileFile");
    }
}
