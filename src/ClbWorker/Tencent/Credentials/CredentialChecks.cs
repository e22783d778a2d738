using System.Globalization;
using ClbWorker.Tencent.Credentials.Temporary;

namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// Start-up checks of an account's credentials: the source is known, its required keys are there and well-formed, keys
/// of other sources are absent, and what it reads locally (environment variables, the profile file, the token file)
/// is usable. Every message names the key and what is allowed; none quotes a secret.
/// </summary>
internal static class CredentialChecks
{
    private static readonly (string Name, Func<TencentCredentialSourceOptions, bool> IsSet, string[] Sources)[] Keys =
    [
        ("SecretId", s => Set(s.SecretId), [CredentialSources.Static]),
        ("SecretKey", s => Set(s.SecretKey), [CredentialSources.Static]),
        ("Token", s => Set(s.Token), [CredentialSources.Static]),
        ("ProfileFile", s => Set(s.ProfileFile), [CredentialSources.Profile, CredentialSources.Chain]),
        ("ProfileName", s => Set(s.ProfileName), [CredentialSources.Profile, CredentialSources.Chain]),
        ("RoleName", s => Set(s.RoleName), [CredentialSources.CvmRole, CredentialSources.Chain]),
        ("MetadataEndpoint", s => Set(s.MetadataEndpoint), [CredentialSources.CvmRole, CredentialSources.Chain]),
        ("RoleArn", s => Set(s.RoleArn), [CredentialSources.AssumeRole, CredentialSources.Oidc]),
        ("RoleSessionName", s => Set(s.RoleSessionName), [CredentialSources.AssumeRole, CredentialSources.Oidc]),
        ("DurationSeconds", s => s.DurationSeconds is not null, [CredentialSources.AssumeRole, CredentialSources.Oidc]),
        ("ExternalId", s => Set(s.ExternalId), [CredentialSources.AssumeRole]),
        ("ProviderId", s => Set(s.ProviderId), [CredentialSources.Oidc]),
        ("WebIdentityTokenFile", s => Set(s.WebIdentityTokenFile), [CredentialSources.Oidc]),
        ("StsEndpoint", s => Set(s.StsEndpoint), [CredentialSources.AssumeRole, CredentialSources.Oidc]),
        ("StsRegion", s => Set(s.StsRegion), [CredentialSources.AssumeRole, CredentialSources.Oidc]),
        ("SourceCredentials", s => s is TencentCredentialOptions { SourceCredentials.IsEmpty: false }, [CredentialSources.AssumeRole]),
    ];

    private const string RoleArnExample = "qcs::cam::uin/100000000001:roleName/clbworker";

    /// <summary>
    /// One account: its own (today's) keys at <paramref name="accountKey"/> and its section at <paramref name="sectionKey"/>.
    /// <paramref name="required"/>: a named account must have credentials; the default account may go without (the host decides).
    /// </summary>
    public static void Account(List<string> errors, string accountKey, string? secretId, string? secretKey, string? token,
        TencentCredentialOptions section, string sectionKey, bool required, CredentialEnvironment environment)
    {
        var source = section.Source;
        if (source is not null && !CredentialSources.All.Contains(source))
        {
            errors.Add($"{sectionKey}:Source is '{Shorten(source)}'; allowed: {string.Join(", ", CredentialSources.All)}.");
            return;
        }
        var ownKeys = Set(secretId) || Set(secretKey) || Set(token);
        var sectionKeys = Set(section.SecretId) || Set(section.SecretKey) || Set(section.Token);
        if (ownKeys && source is not null && source != CredentialSources.Static)
            errors.Add($"{accountKey}:SecretId/SecretKey/Token are set, but {sectionKey}:Source is '{source}'; those keys belong to the "
                + $"static source: remove them, or set {sectionKey}:Source to static.");
        else if (ownKeys && sectionKeys)
            errors.Add($"{sectionKey}:SecretId/SecretKey/Token conflict with {accountKey}:SecretId/SecretKey/Token: both configure "
                + "the static key pair of this account; keep one of the two.");
        else if ((source ?? CredentialSources.Static) == CredentialSources.Static)
        {
            if (sectionKeys || (source is not null && !ownKeys))
                TencentSettingChecks.Credentials(errors, sectionKey, section.SecretId, section.SecretKey, section.Token, required: true);
            else
                TencentSettingChecks.Credentials(errors, accountKey, secretId, secretKey, token, required && section.IsEmpty);
        }
        Section(errors, section, sectionKey, source ?? CredentialSources.Static, environment, nested: false);
    }

    private static void Section(List<string> errors, TencentCredentialSourceOptions section, string key, string source,
        CredentialEnvironment environment, bool nested)
    {
        foreach (var (name, isSet, sources) in Keys)
        {
            if (isSet(section) && !sources.Contains(source))
                errors.Add($"{key}:{name} does not apply to Source '{source}'; it is read by {string.Join(" and ", sources)}. "
                    + $"Remove it, or set {key}:Source to the source it belongs to.");
        }
        switch (source)
        {
            case CredentialSources.Static when nested:
                TencentSettingChecks.Credentials(errors, key, section.SecretId, section.SecretKey, section.Token, required: true);
                break;
            case CredentialSources.Environment:
                if (EnvironmentCredentials.Read(environment) is { Credentials: null } env)
                    errors.Add($"{key}:Source is environment, but {env.Problem ?? $"neither of {EnvironmentCredentials.Variables} is set."} "
                        + $"Allowed: both set, and {CredentialEnvironment.SessionTokenVariable} too for a temporary pair.");
                break;
            case CredentialSources.Profile:
                Profile(errors, section, key, environment);
                break;
            case CredentialSources.CvmRole:
                CvmRole(errors, section, key);
                break;
            case CredentialSources.AssumeRole when nested:
                errors.Add($"{key}:Source is assume-role, which cannot sign another AssumeRole here; allowed: "
                    + string.Join(", ", CredentialSources.All.Where(s => s != CredentialSources.AssumeRole)) + ".");
                break;
            case CredentialSources.AssumeRole:
                Role(errors, section, key, environment, oidc: false);
                var signer = ((TencentCredentialOptions)section).SourceCredentials;
                var signerKey = $"{key}:SourceCredentials";
                if (signer.IsEmpty)
                    errors.Add($"{signerKey} is not set; it holds the credentials that sign AssumeRole, a section of any other source: "
                        + $"e.g. {signerKey}:Source=cvm-role, or {signerKey}:SecretId and {signerKey}:SecretKey.");
                else if (signer.Source is { } inner && !CredentialSources.All.Contains(inner))
                    errors.Add($"{signerKey}:Source is '{Shorten(inner)}'; allowed: {string.Join(", ", CredentialSources.All.Where(s => s != CredentialSources.AssumeRole))}.");
                else
                    Section(errors, signer, signerKey, signer.Source ?? CredentialSources.Static, environment, nested: true);
                break;
            case CredentialSources.Oidc:
                Role(errors, section, key, environment, oidc: true);
                break;
            case CredentialSources.Chain:
                Chain(errors, section, key, environment);
                break;
        }
    }

    // Like the SDKs' chain: a source that finds nothing passes on, one that finds something broken stops the start.
    private static void Chain(List<string> errors, TencentCredentialSourceOptions section, string key, CredentialEnvironment environment)
    {
        var env = EnvironmentCredentials.Read(environment);
        if (env.IsSet)
        {
            if (env.Problem is { } problem)
                errors.Add($"{key}:Source is chain, and the environment, its first source, is broken: {problem}");
            return;
        }
        var explicitFile = Set(section.ProfileFile) || Set(environment.Get(CredentialEnvironment.CredentialsFileVariable));
        if (explicitFile || File.Exists(environment.ProfileFileOf(section, key).Path))
        {
            Profile(errors, section, key, environment);
            return;
        }
        CvmRole(errors, section, key);
    }

    private static void Profile(List<string> errors, TencentCredentialSourceOptions section, string key, CredentialEnvironment environment)
    {
        var (path, pathKey) = environment.ProfileFileOf(section, key);
        var name = Set(section.ProfileName) ? section.ProfileName! : "default";
        if (ProfileFile.Read(path, name, pathKey).Problem is { } problem)
            errors.Add(problem);
    }

    private static void CvmRole(List<string> errors, TencentCredentialSourceOptions section, string key)
    {
        if (section.RoleName is { } role && (role.Length is 0 or > 128 || role.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/')))
            errors.Add($"{key}:RoleName is '{Shorten(role)}'; allowed: the CAM role's name, 1-128 characters without whitespace or '/' (unset: the role bound to the instance).");
        TencentSettingChecks.Endpoint(errors, $"{key}:MetadataEndpoint", section.MetadataEndpoint);
    }

    private static void Role(List<string> errors, TencentCredentialSourceOptions section, string key, CredentialEnvironment environment, bool oidc)
    {
        var settings = AssumeRoleSettings.From(section, environment, oidc);
        var fallback = oidc ? $" (or {CredentialEnvironment.TkeRoleArnVariable})" : "";
        if (settings.RoleArn.Length == 0)
            errors.Add($"{key}:RoleArn{fallback} is not set; allowed: a role ARN like {RoleArnExample}.");
        else if (!settings.RoleArn.StartsWith("qcs::cam::", StringComparison.Ordinal) || settings.RoleArn.Any(char.IsWhiteSpace))
            errors.Add($"{key}:RoleArn{fallback} is '{Shorten(settings.RoleArn)}'; allowed: a role ARN like {RoleArnExample}.");
        if (section.RoleSessionName is { } session && !AssumeRoleSettings.IsValidSessionName(session))
            errors.Add($"{key}:RoleSessionName is '{Shorten(session)}'; allowed: {AssumeRoleSettings.SessionNameRule} (default clbworker-<host name>).");
        if (section.DurationSeconds is { } seconds and (< AssumeRoleSettings.MinDurationSeconds or > AssumeRoleSettings.MaxDurationSeconds))
            errors.Add($"{key}:DurationSeconds is {seconds.ToString(CultureInfo.InvariantCulture)}; allowed: "
                + $"{AssumeRoleSettings.MinDurationSeconds} to {AssumeRoleSettings.MaxDurationSeconds} (seconds; default {AssumeRoleSettings.DefaultDurationSeconds}).");
        if (section.ExternalId is { } external && (external.Length is < 2 or > 128 || external.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
            errors.Add($"{key}:ExternalId is not allowed; allowed: 2-128 characters without whitespace, as the role's trust policy names it.");
        TencentSettingChecks.Endpoint(errors, $"{key}:StsEndpoint", section.StsEndpoint);
        if (section.StsRegion is { } region && !ClbRegions.IsWellFormed(region))
            errors.Add($"{key}:StsRegion is '{Shorten(region)}'; allowed: a region name like ap-guangzhou (default ap-guangzhou).");
        if (!oidc)
            return;

        if (!Set(section.ProviderId) && !Set(environment.Get(CredentialEnvironment.TkeProviderIdVariable)))
            errors.Add($"{key}:ProviderId (or {CredentialEnvironment.TkeProviderIdVariable}) is not set; allowed: the name of the OIDC identity provider in CAM.");
        var tokenFile = Set(section.WebIdentityTokenFile) ? section.WebIdentityTokenFile : environment.Get(CredentialEnvironment.TkeTokenFileVariable);
        var tokenKey = $"{key}:WebIdentityTokenFile (or {CredentialEnvironment.TkeTokenFileVariable})";
        if (!Set(tokenFile))
            errors.Add($"{tokenKey} is not set; allowed: the path of the web identity token file (TKE mounts it and sets the variable).");
        else if (TokenFileProblem(tokenFile!) is { } problem)
            errors.Add($"{tokenKey} names '{tokenFile}', which {problem}; allowed: a readable, non-empty token file.");
    }

    private static string? TokenFileProblem(string path)
    {
        try
        {
            if (!File.Exists(path))
                return "does not exist";
            return File.ReadAllText(path).Trim().Length == 0 ? "is empty" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read ({e.GetType().Name}: {e.Message})";
        }
    }

    private static bool Set(string? value) => !string.IsNullOrEmpty(value);

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "...";
}
