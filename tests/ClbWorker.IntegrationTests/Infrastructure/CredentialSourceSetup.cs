using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// Each credential source of the default account, configured as an operator would against a <see cref="PollingWorld"/>'s
/// simulator: its metadata routes, its STS, a profile file and a token file written to <paramref name="folder"/>.
/// </summary>
internal sealed class CredentialSourceSetup(string source, string folder)
{
    public const string RoleName = "clb-poller";
    public const string RoleArn = "qcs::cam::uin/100000000001:roleName/" + RoleName;
    public const string ProviderId = "tke-oidc";

    public static IEnumerable<string> Sources => ["static", "environment", "profile", "cvm-role", "assume-role", "oidc", "chain"];

    /// <summary>The web identity token the simulator accepts and the token file holds; a secret.</summary>
    public string WebIdentityToken { get; } = "eyJhbGciOiJSUzI1NiJ9." + Guid.NewGuid().ToString("N") + ".sig";

    public string TokenFile => Path.Combine(folder, "web-identity-token");

    /// <summary>What the simulator issues for this source: the instance role, the web identity provider, a lifetime.</summary>
    public void Configure(SimulatorOptions options, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TemporaryCredentials.InstanceRole = RoleName;
        options.TemporaryCredentials.WebIdentityProviderId = ProviderId;
        options.TemporaryCredentials.WebIdentityToken = WebIdentityToken;
        if (lifetime is { } value)
            options.TemporaryCredentials.Lifetime = value;
    }

    /// <summary>The settings of the default account for this source (the world's static keys removed unless static).</summary>
    public (string Key, string? Value)[] Settings(PollingWorld world, string prefix = "Tencent:Credentials")
    {
        ArgumentNullException.ThrowIfNull(world);
        var credential = PollingWorld.Credential;
        var endpoint = world.Endpoint.ToString();
        List<(string, string?)> settings = source == "static" ? [] : [("Tencent:SecretId", null), ("Tencent:SecretKey", null), ($"{prefix}:Source", source)];
        switch (source)
        {
            case "environment":
                settings.Add(("TENCENTCLOUD_SECRET_ID", credential.SecretId));
                settings.Add(("TENCENTCLOUD_SECRET_KEY", credential.SecretKey));
                break;
            case "profile":
                File.WriteAllText(Path.Combine(folder, "credentials"), $"[clb]\nsecret_id = {credential.SecretId}\nsecret_key = {credential.SecretKey}\n");
                settings.Add(($"{prefix}:ProfileFile", Path.Combine(folder, "credentials")));
                settings.Add(($"{prefix}:ProfileName", "clb"));
                break;
            case "cvm-role":
                settings.Add(($"{prefix}:MetadataEndpoint", endpoint));
                break;
            case "chain":
                // No TENCENTCLOUD_* variables and no profile file in this HOME: the chain ends at the instance role.
                settings.Add(("HOME", folder));
                settings.Add(($"{prefix}:MetadataEndpoint", endpoint));
                break;
            case "assume-role":
                settings.Add(($"{prefix}:RoleArn", RoleArn));
                settings.Add(($"{prefix}:StsEndpoint", endpoint));
                settings.Add(($"{prefix}:SourceCredentials:SecretId", credential.SecretId));
                settings.Add(($"{prefix}:SourceCredentials:SecretKey", credential.SecretKey));
                break;
            case "oidc":
                File.WriteAllText(TokenFile, WebIdentityToken + "\n");
                settings.Add(($"{prefix}:RoleArn", RoleArn));
                settings.Add(($"{prefix}:ProviderId", ProviderId));
                settings.Add(($"{prefix}:WebIdentityTokenFile", TokenFile));
                settings.Add(($"{prefix}:StsEndpoint", endpoint));
                break;
        }
        return [.. settings];
    }

    /// <summary>Which simulator origin issues this source's keys; null for the sources with lasting keys.</summary>
    public string? Origin => source switch
    {
        "cvm-role" or "chain" => "metadata",
        "assume-role" => "AssumeRole",
        "oidc" => "AssumeRoleWithWebIdentity",
        _ => null,
    };
}
