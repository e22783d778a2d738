using System.Diagnostics.CodeAnalysis;

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

    public bool HasDefaultCredentials => _byName.TryGetValue(DefaultName, out var account) && account.Credentials.IsComplete;

    public bool TryGet(string name, [NotNullWhen(true)] out TencentAccount? account) => _byName.TryGetValue(name, out account);

    /// <summary>Builds the registry from options that <see cref="TencentOptionsValidator"/> accepted.</summary>
    public static TencentAccounts FromOptions(TencentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var topLevelEndpoint = ParseEndpoint(options.Endpoint);
        var accounts = new List<TencentAccount>();

        // The default account may take its credentials from Tencent:Accounts:default; the validator has
        // rejected configurations that set them in both places, so at most one source is non-empty.
        options.Accounts.TryGetValue(DefaultName, out var defaultEntry);
        var defaultCredentials = TencentCredentials.AreComplete(options.SecretId, options.SecretKey) || defaultEntry is null
            ? Credentials(options.SecretId, options.SecretKey, options.Token)
            : Credentials(defaultEntry.SecretId, defaultEntry.SecretKey, defaultEntry.Token);
        accounts.Add(new TencentAccount(
            DefaultName,
            defaultCredentials,
            ParseEndpoint(defaultEntry?.Endpoint) ?? topLevelEndpoint,
            defaultEntry?.RequestsPerSecond ?? options.RequestsPerSecond));

        foreach (var (name, entry) in options.Accounts)
        {
            if (string.Equals(name, DefaultName, StringComparison.OrdinalIgnoreCase) || entry is null)
                continue;
            accounts.Add(new TencentAccount(
                name,
                Credentials(entry.SecretId, entry.SecretKey, entry.Token),
                ParseEndpoint(entry.Endpoint) ?? topLevelEndpoint,
                entry.RequestsPerSecond ?? options.RequestsPerSecond));
        }

        return new TencentAccounts(accounts);
    }

    private static TencentCredentials Credentials(string? secretId, string? secretKey, string? token) =>
        new(secretId ?? "", secretKey ?? "", string.IsNullOrEmpty(token) ? null : token);

    private static Uri? ParseEndpoint(string? endpoint) =>
        string.IsNullOrWhiteSpace(endpoint) ? null : new Uri(endpoint, UriKind.Absolute);
}
