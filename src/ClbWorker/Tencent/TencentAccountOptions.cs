using ClbWorker.Tencent.Credentials;

namespace ClbWorker.Tencent;

/// <summary>One named account under <c>Tencent:Accounts:&lt;name&gt;</c>.</summary>
public sealed class TencentAccountOptions
{
    /// <summary>SecretId of this account; required, together with <see cref="SecretKey"/>.</summary>
    public string? SecretId { get; set; }

    /// <summary>SecretKey of this account; required. A secret: never logged, never echoed in validation errors.</summary>
    public string? SecretKey { get; set; }

    /// <summary>STS session token, only for temporary credentials; sent as <c>X-TC-Token</c>. A secret.</summary>
    public string? Token { get; set; }

    /// <summary>Where this account's credentials come from (<c>Tencent:Accounts:&lt;name&gt;:Credentials:Source</c> ...); unset: the keys above.</summary>
    public TencentCredentialOptions Credentials { get; } = new();

    /// <summary>Optional absolute http(s) URL replacing the Tencent endpoint for this account. Unset: <c>Tencent:Endpoint</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Request budget of this account in requests per second, allowed (0, 1000]. Unset: <c>Tencent:RequestsPerSecond</c>.</summary>
    public double? RequestsPerSecond { get; set; }
}
