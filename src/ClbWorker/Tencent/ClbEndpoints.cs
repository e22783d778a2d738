using System.Globalization;

namespace ClbWorker.Tencent;

/// <summary>Endpoint derivation for the CLB API, as a pure function.</summary>
public static class ClbEndpoints
{
    /// <summary>
    /// The credential-scope service. Always <c>clb</c>, also when an override points elsewhere: the scope names
    /// the product, not the host that received the request.
    /// </summary>
    public const string Service = "clb";

    /// <summary>The nearest access point; it serves every region except the financial ones.</summary>
    public static Uri Default { get; } = new("https://clb.tencentcloudapi.com/");

    /// <param name="region">A well-formed region such as <c>ap-guangzhou</c>; it becomes part of a host name.</param>
    /// <param name="endpointOverride">Used as is for every region (simulators, proxies).</param>
    /// <param name="useRegionalEndpoints">Pin every region to <c>clb.&lt;region&gt;.tencentcloudapi.com</c>.</param>
    public static ClbEndpoint Resolve(string region, Uri? endpointOverride, bool useRegionalEndpoints)
    {
        if (!ClbRegions.IsWellFormed(region))
            throw new ArgumentException(
                $"Region '{region}' is not a region name like 'ap-guangzhou' or 'ap-shanghai-fsi'.", nameof(region));

        var uri = endpointOverride
            ?? (useRegionalEndpoints || ClbRegions.IsFinancial(region)
                ? new Uri($"https://clb.{region}.tencentcloudapi.com/")
                : Default);
        if (!uri.IsAbsoluteUri)
            throw new ArgumentException("The endpoint override must be an absolute URL.", nameof(endpointOverride));
        return For(uri);
    }

    /// <summary>Where a request to the absolute <paramref name="uri"/> goes and the Host it signs (any Cloud API product).</summary>
    public static ClbEndpoint For(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        // IdnHost gives the ASCII form of a host name but drops the brackets of an IPv6 literal, which a Host header needs.
        var name = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        var host = uri.IsDefaultPort ? name : $"{name}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        return new ClbEndpoint(new Uri(uri, "/"), host);
    }
}
