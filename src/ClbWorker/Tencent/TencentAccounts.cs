using System.Diagnostics.CodeAnalysis;
using ClbWorker.Tencent.Credentials;

namespace ClbWorker.Tencent;

/// <summary>
/// The configured accounts by name (case-insensitive, like configuration keys). The <c>default</c> account is
/// always present, with incomplete credentials when none are configured (see <see cref="HasDefaultCredentials"/>).
/// </summary>
public sealed class TencentAccounts
{
    public const string DefaultName = "default";

    private readonly Dictionary<string, TencentAccount> _byName;

    public TencentAccounts(IEnumerable<TencentAccount> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        _byName = accounts.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        All = [.. _byName.Values.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public IReadOnlyList<TencentAccount> All { get; }

    public IEnumerable<string> Names => All.Select(a => a.Name);

    public bool HasDefaultCredentials => _byName.TryGetValue(DefaultName, out var account) && account.HasCredentials;

    public bool TryGet(string name, [NotNullWhen(true)] out TencentAccount? account) => _byName.TryGetValue(name, out account);

    /// <summary>Builds the registry from options that <see cref="TencentOptionsValidator"/> accepted.</summary>
    public static TencentAccounts FromOptions(TencentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topLevelEndpoint = ParseEndpoint(options.Endpoint);
        var accounts = new List<TencentAccount>();

        // The default account may take its credentials from Tencent:Accounts:default; the validator has
        // rejected configurations that set them in both places, so at most one of each is non-empty.
        options.Accounts.TryGetValue(DefaultName, out var defaultEntry);
        var topLevel = TencentCredentials.AreComplete(options.SecretId, options.SecretKey) || defaultEntry is null;
        var (section, sectionKey) = !options.Credentials.IsEmpty || defaultEntry is null
            ? (options.Credentials, $"{TencentOptions.SectionName}:Credentials")
            : (defaultEntry.Credentials, $"{TencentOptions.SectionName}:Accounts:{DefaultName}:Credentials");
        var (settings, pair) = topLevel
            ? CredentialSettings.Resolve(section, sectionKey, TencentOptions.SectionName, options.SecretId, options.SecretKey, options.Token)
            : CredentialSettings.Resolve(section, sectionKey, $"{TencentOptions.SectionName}:Accounts:{DefaultName}",
                defaultEntry!.SecretId, defaultEntry.SecretKey, defaultEntry.Token);
        accounts.Add(new TencentAccount(
            DefaultName,
            pair,
            ParseEndpoint(defaultEntry?.Endpoint) ?? topLevelEndpoint,
            defaultEntry?.RequestsPerSecond ?? options.RequestsPerSecond) { CredentialSettings = settings });

        foreach (var (name, entry) in options.Accounts)
        {
            if (string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase) || entry is null)
                continue;
            var prefix = $"{TencentOptions.SectionName}:Accounts:{name}";
            var (named, namedPair) = CredentialSettings.Resolve(entry.Credentials, $"{prefix}:Credentials", prefix, entry.SecretId, entry.SecretKey, entry.Token);
            accounts.Add(new TencentAccount(
                name,
                namedPair,
                ParseEndpoint(entry.Endpoint) ?? topLevelEndpoint,
                entry.RequestsPerSecond ?? options.RequestsPerSecond) { CredentialSettings = named });
        }

        return new TencentAccounts(accounts);
    }

    private static Uri? ParseEndpoint(string? endpoint) =>
        string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint, UriKind.Absolute);
}
