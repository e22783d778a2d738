using System.Globalization;
using System.Security.Cryptography;
using ClbWorker.Hosting;
using ClbWorker.Hosting.Configuration;
using ClbWorker.Simulator;
using ClbWorker.Tencent;
using ClbWorker.Tencent.Credentials;

namespace ClbWorker.Development;

/// <summary>
/// Where the dev run polls when no Tencent Cloud credentials are configured: the built-in CLB simulator started in
/// this process with credentials made up for the run, served through the credential source
/// <c>DevSimulator:CredentialSource</c> names. Outside Development start-up fails instead
/// (<see cref="TencentCredentialCheck"/>).
/// </summary>
public static class DevelopmentSimulator
{
    /// <summary>Address of the built-in simulator (<c>DevSimulator:Url</c>); a taken port falls back to any free one.</summary>
    public const string UrlKey = "DevSimulator:Url";
    public const string DefaultUrl = "http://127.0.0.1:18080";

    /// <summary>Which credential source the dev run polls the simulator with (default <c>static</c>); any of <see cref="CredentialSources.All"/>.</summary>
    public const string CredentialSourceKey = "DevSimulator:CredentialSource";

    /// <summary>How long the simulator's temporary keys live (default 2 hours); a minute shows their renewal at work.</summary>
    public const string TemporaryKeyLifetimeKey = "DevSimulator:TemporaryKeyLifetime";

    private const string RoleName = "clbworker-dev";
    private const string RoleArn = "qcs::cam::uin/100000000001:roleName/" + RoleName;
    private const string ProviderId = "clbworker-dev-oidc";

    internal static async Task AddDevelopmentSimulatorAsync(this WebApplicationBuilder builder, CancellationToken ct)
    {
        var configuration = builder.Configuration;
        var tencent = configuration.GetSection(TencentOptions.SectionName).Get<TencentOptions>() ?? new TencentOptions();
        var source = configuration[CredentialSourceKey];
        if (source is null && (tencent.HasDefaultCredentials || tencent.Accounts.Count > 0))
            return;
        source ??= CredentialSources.Static;
        if (!CredentialSources.All.Contains(source))
            throw new ConfigurationException($"{CredentialSourceKey} is '{source}'; allowed: {string.Join(", ", CredentialSources.All)}.");
        var lifetime = TimeSpan.FromHours(2);
        if (configuration[TemporaryKeyLifetimeKey] is { } text
            && (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out lifetime) || lifetime < SimulatorTemporaryCredentials.MinLifetime
                || lifetime > SimulatorTemporaryCredentials.MaxLifetime))
            throw new ConfigurationException($"{TemporaryKeyLifetimeKey} is '{text}'; allowed: a duration from 00:00:01 to 12:00:00.");

        var credential = new SimulatorCredential
        {
            SecretId = "AKIDDEV" + Convert.ToHexString(RandomNumberGenerator.GetBytes(15)),
            SecretKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
        };
        var webIdentityToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var options = new SimulatorOptions
        {
            TemporaryCredentials = new()
            {
                Lifetime = lifetime, InstanceRole = RoleName, WebIdentityProviderId = ProviderId, WebIdentityToken = webIdentityToken,
            },
        };
        options.Credentials.Add(credential);
        var simulator = await StartAsync(options, configuration[UrlKey] ?? DefaultUrl, ct);
        var address = SimulatorHost.BaseAddress(simulator);

        var files = Path.Combine(DevelopmentDataFolder.FindRepositoryRoot(builder.Environment.ContentRootPath) ?? builder.Environment.ContentRootPath,
            ".data", "dev-simulator");
        configuration.AddInMemoryCollection(Settings(source, address, credential, webIdentityToken, files));
        builder.Services.AddSingleton(new EmbeddedSimulator(simulator, address, source));
        builder.Services.AddSingleton(new StartBannerLine(40, "CLB simulator", address.ToString(),
            $"POST {address}_sim/tasks creates simulated tasks; polled with the {source} credential source"));
        builder.Services.AddHostedService<EmbeddedSimulatorLifetime>();
    }

    /// <summary>The configuration that points the chosen source at the simulator, as a user would write it for Tencent Cloud.</summary>
    private static Dictionary<string, string?> Settings(string source, Uri address, SimulatorCredential credential, string webIdentityToken, string files)
    {
        const string Section = "Tencent:Credentials";
        var settings = new Dictionary<string, string?> { ["Tencent:Endpoint"] = address.ToString() };
        switch (source)
        {
            case CredentialSources.Static:
                settings["Tencent:SecretId"] = credential.SecretId;
                settings["Tencent:SecretKey"] = credential.SecretKey;
                return settings;
            case CredentialSources.Environment:
                // The environment source reads these names through configuration, where the process environment puts them.
                settings[CredentialEnvironment.SecretIdVariable] = credential.SecretId;
                settings[CredentialEnvironment.SecretKeyVariable] = credential.SecretKey;
                break;
            case CredentialSources.Profile:
                settings[$"{Section}:ProfileFile"] = WritePrivate(Path.Combine(files, "credentials"),
                    $"[default]\nsecret_id = {credential.SecretId}\nsecret_key = {credential.SecretKey}\n");
                break;
            case CredentialSources.CvmRole or CredentialSources.Chain:
                settings[$"{Section}:MetadataEndpoint"] = address.ToString();
                break;
            case CredentialSources.AssumeRole:
                settings[$"{Section}:RoleArn"] = RoleArn;
                settings[$"{Section}:StsEndpoint"] = address.ToString();
                settings[$"{Section}:SourceCredentials:SecretId"] = credential.SecretId;
                settings[$"{Section}:SourceCredentials:SecretKey"] = credential.SecretKey;
                break;
            case CredentialSources.Oidc:
                settings[$"{Section}:RoleArn"] = RoleArn;
                settings[$"{Section}:ProviderId"] = ProviderId;
                settings[$"{Section}:WebIdentityTokenFile"] = WritePrivate(Path.Combine(files, "web-identity-token"), webIdentityToken);
                settings[$"{Section}:StsEndpoint"] = address.ToString();
                break;
        }
        settings[$"{Section}:Source"] = source;
        return settings;
    }

    // Readable by this user only, like the files tccli and the kubelet write; the keys in it open only this run's simulator.
    private static string WritePrivate(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static async Task<WebApplication> StartAsync(SimulatorOptions options, string url, CancellationToken ct)
    {
        var simulator = SimulatorHost.Build(options, url);
        try
        {
            await simulator.StartAsync(ct);
            return simulator;
        }
        catch (IOException) when (url != SimulatorHost.DefaultUrl)
        {
            // The preferred port is taken (another dev run?): any free port will do, the banner prints it.
            await simulator.DisposeAsync();
            return await StartAsync(options, SimulatorHost.DefaultUrl, ct);
        }
    }
}
