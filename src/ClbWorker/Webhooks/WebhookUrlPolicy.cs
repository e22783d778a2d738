using System.Net;

namespace ClbWorker.Webhooks;

/// <summary>
/// The checks a webhook URL passes before anything is sent: absolute http or https, a host and a port, no
/// user info, no fragment, no whitespace; a host written as an IP address must be allowed by the
/// <see cref="SsrfAddressPolicy"/>. Host names are only judged at connect time, on the addresses they
/// resolve to then (<see cref="WebhookConnector"/>). Refusals never quote the URL, whose query may hold a token.
/// </summary>
public sealed class WebhookUrlPolicy(SsrfAddressPolicy addresses)
{
    public WebhookUrlCheck Check(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return WebhookUrlCheck.Refused("the URL is empty");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return WebhookUrlCheck.Refused("the URL is not an absolute URL");
        return Check(uri);
    }

    public WebhookUrlCheck Check(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.OriginalString;
        if (!url.IsAbsoluteUri)
            return WebhookUrlCheck.Refused("the URL is not an absolute URL");
        if (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            return WebhookUrlCheck.Refused($"the URL's scheme is '{url.Scheme}'; only http and https are allowed");
        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            return WebhookUrlCheck.Refused("the URL contains whitespace or control characters");
        if (string.IsNullOrEmpty(url.Host))
            return WebhookUrlCheck.Refused("the URL has no host");
        // Uri drops an empty user info ("http://@host/"), so the authority is looked at as written.
        if (url.UserInfo.Length > 0 || Authority(text).Contains('@', StringComparison.Ordinal))
            return WebhookUrlCheck.Refused("the URL contains user info (user:password@); receivers authenticate by the signature instead");
        if (text.Contains('#', StringComparison.Ordinal))
            return WebhookUrlCheck.Refused("the URL has a fragment (#...), which would never be sent");
        if (url.Port == 0)
            return WebhookUrlCheck.Refused("the URL's port is 0");
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
            && !addresses.IsAllowed(address, out var reason))
            return WebhookUrlCheck.Refused(reason);
        return WebhookUrlCheck.Allowed(url);
    }

    private static string Authority(string url)
    {
        var start = url.IndexOf("//", StringComparison.Ordinal);
        if (start < 0)
            return "";
        start += 2;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? url[start..] : url[start..end];
    }
}
