using ClbWorker.Tencent.Credentials.Temporary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClbWorker.Tencent.Credentials;

/// <summary>Builds the provider of an account from its resolved <see cref="CredentialSettings"/>.</summary>
public sealed class CredentialProviderFactory(
    IHttpClientFactory clients, IOptions<TencentOptions> options, CredentialEnvironment environment, IConfiguration configuration,
    TimeProvider time, ILogger<CredentialProviderFactory> logger)
{
    private CredentialHttp Http => new(clients, options.Value.Timeout, time);

    /// <exception cref="CredentialSourceException">What the source reads locally is no longer usable (it was checked at start).</exception>
    public ICredentialProvider Create(TencentAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.CredentialSettings is { } settings
            ? Create(account.Name, settings.Source, settings.Section, settings.Key, settings.StaticKeys ?? settings.Key, account.Credentials)
            : new StaticCredentialProvider(account.Name, CredentialSources.Static, account.Credentials, logger);
    }

    private ICredentialProvider Create(string account, string source, TencentCredentialSourceOptions section, string key, string staticKeys,
        TencentCredentials? resolvedPair) => source switch
    {
        CredentialSources.Static => Static(account, staticKeys, resolvedPair ?? PairOf(section)),
        CredentialSources.Environment => Environment(account, CredentialSources.Environment),
        CredentialSources.Profile => Profile(account, section, key, CredentialSources.Profile),
        CredentialSources.CvmRole => Refreshing(account, CvmRole(section, CredentialSources.CvmRole, prefix: "")),
        CredentialSources.AssumeRole => Refreshing(account, AssumeRole(account, (TencentCredentialOptions)section, key)),
        CredentialSources.Oidc => Refreshing(account, Oidc(section)),
        CredentialSources.Chain => Chain(account, section, key),
        _ => throw new CredentialSourceException($"{key}:Source '{source}' is not a credential source."),
    };

    // Configuration reloads when a rotated _FILE secret is read again: the pair is taken from it anew.
    private StaticCredentialProvider Static(string account, string keys, TencentCredentials pair) =>
        new(account, CredentialSources.Static, pair, logger,
            reread: () => PairOf(configuration.GetSection(keys)), changes: configuration.GetReloadToken);

    private StaticCredentialProvider Environment(string account, string description) =>
        EnvironmentCredentials.Read(environment) is { Credentials: { } pair }
            ? new StaticCredentialProvider(account, $"{description} ({CredentialEnvironment.SecretIdVariable})", pair, logger)
            : throw new CredentialSourceException($"{description}: {EnvironmentCredentials.Variables} are no longer set as they were at start.");

    // The file is read again when Tencent Cloud refuses the pair: `tccli configure` may have written a new one.
    private StaticCredentialProvider Profile(string account, TencentCredentialSourceOptions section, string key, string description)
    {
        var (path, pathKey) = environment.ProfileFileOf(section, key);
        var name = string.IsNullOrEmpty(section.ProfileName) ? "default" : section.ProfileName;
        var (pair, problem) = ProfileFile.Read(path, name, pathKey);
        return pair is null
            ? throw new CredentialSourceException($"{description}: {problem}")
            : new StaticCredentialProvider(account, $"{description} ([{name}] in {path})", pair, logger, reread: () => ProfileFile.Read(path, name, pathKey).Credentials);
    }

    private CvmRoleFetcher CvmRole(TencentCredentialSourceOptions section, string label, string prefix) =>
        new(Http, new Uri(string.IsNullOrEmpty(section.MetadataEndpoint) ? CvmRoleFetcher.DefaultEndpoint : section.MetadataEndpoint),
            string.IsNullOrEmpty(section.RoleName) ? null : section.RoleName, label, prefix);

    private AssumeRoleFetcher AssumeRole(string account, TencentCredentialOptions section, string key)
    {
        var signer = section.SourceCredentials;
        var signerKey = $"{key}:SourceCredentials";
        var source = Create(account, string.IsNullOrEmpty(signer.Source) ? CredentialSources.Static : signer.Source, signer, signerKey, signerKey, null);
        return new AssumeRoleFetcher(new StsClient(Http, time), source, AssumeRoleSettings.From(section, environment, oidc: false));
    }

    private WebIdentityFetcher Oidc(TencentCredentialSourceOptions section) =>
        new(new StsClient(Http, time),
            string.IsNullOrEmpty(section.ProviderId) ? environment.Get(CredentialEnvironment.TkeProviderIdVariable) ?? "" : section.ProviderId,
            string.IsNullOrEmpty(section.WebIdentityTokenFile) ? environment.Get(CredentialEnvironment.TkeTokenFileVariable) ?? "" : section.WebIdentityTokenFile,
            AssumeRoleSettings.From(section, environment, oidc: true));

    // Decided once, from what is local: the environment, else a profile file, else the instance's role.
    private ICredentialProvider Chain(string account, TencentCredentialSourceOptions section, string key)
    {
        var (profilePath, _) = environment.ProfileFileOf(section, key);
        ICredentialProvider chosen = EnvironmentCredentials.Read(environment).IsSet
            ? Environment(account, "chain: environment")
            : !string.IsNullOrEmpty(section.ProfileFile) || !string.IsNullOrEmpty(environment.Get(CredentialEnvironment.CredentialsFileVariable)) || File.Exists(profilePath)
                ? Profile(account, section, key, "chain: profile")
                : Refreshing(account, CvmRole(section, "chain: cvm-role",
                    $"the credential chain found neither {EnvironmentCredentials.Variables} nor a profile file at {profilePath}, and then "));
        logger.LogInformation("Tencent account {Account}: the credential chain uses {Source}", account, chosen.Description);
        return chosen;
    }

    private RefreshingCredentialProvider Refreshing(string account, ITemporaryCredentialFetcher fetcher) => new(account, fetcher, time, logger);

    private static TencentCredentials PairOf(IConfiguration section) =>
        new(section["SecretId"] ?? "", section["SecretKey"] ?? "", string.IsNullOrEmpty(section["Token"]) ? null : section["Token"]);

    private static TencentCredentials PairOf(TencentCredentialSourceOptions section) =>
        new(section.SecretId ?? "", section.SecretKey ?? "", string.IsNullOrEmpty(section.Token) ? null : section.Token);
}
