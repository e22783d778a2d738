namespace ClbWorker.Tencent.Credentials;

/// <summary>
/// One credentials section: <c>Tencent:Credentials</c> (the <c>default</c> account), <c>Tencent:Accounts:&lt;name&gt;:Credentials</c>,
/// or the <c>SourceCredentials</c> of an <c>assume-role</c> section. <see cref="Source"/> says which keys apply; a key
/// of another source is refused at start, so a typo in the source cannot leave a setting unused.
/// </summary>
public class TencentCredentialSourceOptions
{
    /// <summary>
    /// <c>static</c>, <c>environment</c>, <c>profile</c>, <c>cvm-role</c>, <c>assume-role</c>, <c>oidc</c> or <c>chain</c>.
    /// Unset: <c>static</c> when SecretId/SecretKey are set here or at the account's top level.
    /// </summary>
    public string? Source { get; set; }

    /// <summary><c>static</c>: the key id (AKID...). The account's top-level <c>SecretId</c> serves as well, not both.</summary>
    public string? SecretId { get; set; }

    /// <summary><c>static</c>: the SecretKey. A secret: never logged, never echoed in errors.</summary>
    public string? SecretKey { get; set; }

    /// <summary><c>static</c>: the STS session token of a temporary pair, sent as <c>X-TC-Token</c>. A secret.</summary>
    public string? Token { get; set; }

    /// <summary><c>profile</c>, <c>chain</c>: the INI file. Unset: <c>TENCENTCLOUD_CREDENTIALS_FILE</c>, else <c>~/.tencentcloud/credentials</c>.</summary>
    public string? ProfileFile { get; set; }

    /// <summary><c>profile</c>, <c>chain</c>: the section of the file, holding <c>secret_id</c> and <c>secret_key</c>. Default <c>default</c>.</summary>
    public string? ProfileName { get; set; }

    /// <summary><c>cvm-role</c>, <c>chain</c>: the CAM role bound to the instance. Unset: the one the metadata service names.</summary>
    public string? RoleName { get; set; }

    /// <summary><c>cvm-role</c>, <c>chain</c>: the instance metadata service. Default <c>http://metadata.tencentyun.com</c>.</summary>
    public string? MetadataEndpoint { get; set; }

    /// <summary><c>assume-role</c>, <c>oidc</c>: the role, <c>qcs::cam::uin/&lt;uin&gt;:roleName/&lt;name&gt;</c>. <c>oidc</c> defaults to <c>TKE_ROLE_ARN</c>.</summary>
    public string? RoleArn { get; set; }

    /// <summary><c>assume-role</c>, <c>oidc</c>: 2-128 of letters, digits and <c>_+=,.@-</c>. Default <c>clbworker-&lt;host name&gt;</c>.</summary>
    public string? RoleSessionName { get; set; }

    /// <summary><c>assume-role</c>, <c>oidc</c>: lifetime asked for the temporary keys, in seconds; 900-43200. Default 7200 (2 hours).</summary>
    public int? DurationSeconds { get; set; }

    /// <summary><c>assume-role</c>: the external id the role's trust policy requires, if any.</summary>
    public string? ExternalId { get; set; }

    /// <summary><c>oidc</c>: the OIDC identity provider's name in CAM. Default <c>TKE_PROVIDER_ID</c>.</summary>
    public string? ProviderId { get; set; }

    /// <summary><c>oidc</c>: the file holding the web identity token, read again on every refresh (it rotates). Default <c>TKE_WEB_IDENTITY_TOKEN_FILE</c>.</summary>
    public string? WebIdentityTokenFile { get; set; }

    /// <summary><c>assume-role</c>, <c>oidc</c>: the STS endpoint. Default <c>https://sts.tencentcloudapi.com</c>.</summary>
    public string? StsEndpoint { get; set; }

    /// <summary><c>assume-role</c>, <c>oidc</c>: the region sent to STS (<c>X-TC-Region</c>). Default <c>ap-guangzhou</c>; <c>oidc</c>: <c>TKE_REGION</c> when set.</summary>
    public string? StsRegion { get; set; }

    /// <summary>True when no key of the section is set.</summary>
    public virtual bool IsEmpty =>
        new[] { Source, SecretId, SecretKey, Token, ProfileFile, ProfileName, RoleName, MetadataEndpoint, RoleArn, RoleSessionName,
                ExternalId, ProviderId, WebIdentityTokenFile, StsEndpoint, StsRegion }.All(string.IsNullOrEmpty)
        && DurationSeconds is null;
}
