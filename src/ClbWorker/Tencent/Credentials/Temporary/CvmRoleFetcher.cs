using System.Text;

namespace ClbWorker.Tencent.Credentials.Temporary;

/// <summary>
/// The CAM role of this CVM instance, from the instance metadata service: <c>GET .../cam/security-credentials/</c> names
/// the bound role (404: none is bound), <c>GET .../cam/security-credentials/&lt;role&gt;</c> answers its temporary keys.
/// </summary>
/// <param name="roleName">The role to ask for; null asks the service which one is bound (and remembers it).</param>
/// <param name="label">How the source is named in the log: <c>cvm-role</c>, or <c>chain: cvm-role</c>.</param>
/// <param name="prefix">Told before every error: a chain says why it came to this source.</param>
public sealed class CvmRoleFetcher(CredentialHttp http, Uri metadataEndpoint, string? roleName, string label = "cvm-role", string prefix = "")
    : ITemporaryCredentialFetcher
{
    public const string DefaultEndpoint = "http://metadata.tencentyun.com";
    public const string CredentialsPath = "/latest/meta-data/cam/security-credentials/";

    private string? discovered;

    public string Description
    {
        get
        {
            var role = roleName ?? discovered;
            return $"{label} ({(role is null ? "the bound role" : "role " + role)} at {metadataEndpoint.GetLeftPart(UriPartial.Authority)})";
        }
    }

    public async Task<TemporaryCredentials> FetchAsync(CancellationToken ct)
    {
        var role = roleName ?? discovered ?? await DiscoverAsync(ct);
        var url = new Uri(metadataEndpoint, CredentialsPath + Uri.EscapeDataString(role));
        var what = $"{prefix}the CVM metadata service at {url}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var (status, body) = await http.SendAsync(request, what, ct);
        if (status == 404)
        {
            discovered = null; // the instance's role may have changed: ask again next time
            throw new CredentialSourceException($"{what} answered 404: the role '{role}' is not bound to this instance (CVM console: Instance > Bind role).");
        }
        return TemporaryCredentialAnswer.FromMetadata(status, body, what);
    }

    private async Task<string> DiscoverAsync(CancellationToken ct)
    {
        var url = new Uri(metadataEndpoint, CredentialsPath);
        var what = $"{prefix}the CVM metadata service at {url}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var (status, body) = await http.SendAsync(request, what, ct);
        if (status == 404)
            throw new CredentialSourceException($"{what} answered 404: no CAM role is bound to this instance; bind one (CVM console: Instance > Bind role) or set RoleName.");
        if (status != 200)
            throw new CredentialSourceException($"{what} answered HTTP {status}.");
        // The body lists the bound role, one name per line; the first is the instance's.
        var name = Encoding.UTF8.GetString(body).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrEmpty(name) || name.Length > 128 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
            throw new CredentialSourceException($"{what} answered no usable role name.");
        return discovered = name;
    }
}
