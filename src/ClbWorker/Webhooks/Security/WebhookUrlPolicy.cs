using System.Net;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// The checks a webhook URL passes before anything is sent: the <see cref="WebhookUrlRule"/> (the same rule the
/// database applies), and for a host written as an IP address, the <see cref="SsrfAddressPolicy"/>. Host names are
/// only judged at connect time, on the addresses they resolve to then (<see cref="WebhookConnector"/>). Refusals never
/// quote the URL, whose query may hold a token.
/// </summary>
public sealed class WebhookUrlPolicy(SsrfAddressPolicy addresses)
{
    public WebhookUrlCheck Check(string? url)
    {
        if (WebhookUrlRule.Check(url) is { } problem)
            return WebhookUrlCheck.Refused(problem);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return WebhookUrlCheck.Refused("the URL is not an absolute URL");
        return Check(uri);
    }

    public WebhookUrlCheck Check(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
            return WebhookUrlCheck.Refused("the URL is not an absolute URL");
        if (WebhookUrlRule.Check(url.OriginalString) is { } problem)
            return WebhookUrlCheck.Refused(problem);
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
            && !addresses.IsAllowed(address, out var reason))
            return WebhookUrlCheck.Refused(reason);
        return WebhookUrlCheck.Allowed(url);
    }
}
