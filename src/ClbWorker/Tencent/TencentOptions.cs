using ClbWorker.Tencent.Credentials;

namespace ClbWorker.Tencent;

/// <summary>
/// Tencent Cloud API access, bound from the <c>Tencent</c> section (environment form: <c>Tencent__SecretId</c>).
/// The top-level credential keys configure the account named <c>default</c>; <see cref="Accounts"/> adds others.
/// </summary>
public sealed class TencentOptions
{
    public const string SectionName = "Tencent";

    /// <summary>SecretId (the <c>AKID...</c> key id) of the <c>default</c> account. Set together with <see cref="SecretKey"/>, or neither.</summary>
    public string? SecretId { get; set; }

    /// <summary>SecretKey of the <c>default</c> account. A secret: never logged, never echoed in validation errors.</summary>
    public string? SecretKey { get; set; }

    /// <summary>STS session token of the <c>default</c> account, only for temporary credentials; sent as <c>X-TC-Token</c>. A secret.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Where the <c>default</c> account's credentials come from: <c>Tencent:Credentials:Source</c> (static, environment,
    /// profile, cvm-role, assume-role, oidc, chain) and that source's keys. Unset: the static keys above.
    /// </summary>
    public TencentCredentialOptions Credentials { get; } = new();

    /// <summary>
    /// Optional absolute http(s) URL (scheme, host, optional port, no path) that replaces the Tencent Cloud
    /// endpoint for every region, e.g. <c>http://127.0.0.1:18080</c> for a simulator. Unset: the real endpoints.
    /// Accounts without their own endpoint inherit this one.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>
    /// Request budget of the <c>default</c> account for DescribeTaskStatus, in requests per second; allowed
    /// (0, 1000]. Default 20, Tencent's default limit, which every client of the same sub-account shares.
    /// Accounts without their own value inherit this one.
    /// </summary>
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>Time allowed for one API call, from sending to the last byte of the answer; allowed 1 s to 5 min. Default 10 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true, every region is called at <c>clb.&lt;region&gt;.tencentcloudapi.com</c> instead of the nearest
    /// access point <c>clb.tencentcloudapi.com</c>. Financial (<c>-fsi</c>) regions always use their own domain.
    /// Default false.
    /// </summary>
    public bool UseRegionalEndpoints { get; set; }

    /// <summary>
    /// Further named accounts (<c>Tencent:Accounts:&lt;name&gt;:SecretId</c> ...). Names: 1-64 letters, digits,
    /// <c>.</c>, <c>_</c> or <c>-</c>, compared case-insensitively like all configuration keys. An entry named
    /// <c>default</c> may carry the default account's credentials instead of the top-level keys, not as well as them.
    /// </summary>
    public Dictionary<string, TencentAccountOptions> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Known CLB regions (<c>Tencent:Regions:0</c>, <c>Tencent:Regions:1</c> ...), each like <c>ap-guangzhou</c>
    /// or <c>ap-shanghai-fsi</c>. Empty (the default) means the built-in list <see cref="ClbRegions.BuiltIn"/>;
    /// a configured list replaces it, for regions Tencent adds later.
    /// </summary>
    // Empty rather than pre-filled: the configuration binder appends to an existing list instead of replacing it.
    public IList<string> Regions { get; } = new List<string>();

    /// <summary>
    /// True when the <c>default</c> account has credentials: a SecretId and a SecretKey from the top-level keys or from
    /// <c>Tencent:Accounts:default</c>, or a credentials section (<c>Tencent:Credentials</c>). Whether their absence is
    /// acceptable is the host's decision, not the validator's.
    /// </summary>
    public bool HasDefaultCredentials =>
        TencentCredentials.AreComplete(SecretId, SecretKey)
        || !Credentials.IsEmpty
        || (Accounts.TryGetValue(TencentAccounts.DefaultName, out var account)
            && account is not null && (TencentCredentials.AreComplete(account.SecretId, account.SecretKey) || !account.Credentials.IsEmpty));
}
