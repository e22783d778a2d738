using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// Which IP addresses a webhook may connect to: every public address; loopback, private and the other non-public
/// ranges only when <see cref="WebhookOptions.AllowPrivateNetworks"/> is set or the address is in
/// <see cref="WebhookOptions.AllowedNetworks"/>; link-local addresses (where cloud metadata services answer) only
/// when <see cref="WebhookOptions.AllowedNetworks"/> names them. IPv4-mapped IPv6 addresses are judged as the IPv4
/// address they are; addresses embedding an IPv4 address (IPv4-compatible, NAT64, 6to4) are refused when the
/// embedded address would be, even inside an allowed IPv6 range.
/// </summary>
public sealed class SsrfAddressPolicy
{
    private const string Remedy =
        $"set {WebhookOptions.Section}:AllowPrivateNetworks or {WebhookOptions.Section}:AllowedNetworks to allow it";

    private readonly bool _allowPrivateNetworks;
    private readonly IReadOnlyList<CidrRange> _allowedNetworks;

    public SsrfAddressPolicy(bool allowPrivateNetworks, IEnumerable<CidrRange> allowedNetworks)
    {
        ArgumentNullException.ThrowIfNull(allowedNetworks);
        _allowPrivateNetworks = allowPrivateNetworks;
        _allowedNetworks = [.. allowedNetworks];
    }

    /// <exception cref="FormatException">An allowed network is not a CIDR range (the options validator reports it first).</exception>
    public static SsrfAddressPolicy FromOptions(WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SsrfAddressPolicy(options.AllowPrivateNetworks, options.AllowedNetworks.Select(CidrRange.Parse));
    }

    public bool IsAllowed(IPAddress address) => IsAllowed(address, out _);

    /// <param name="reason">Why the address is refused and which setting would allow it.</param>
    public bool IsAllowed(IPAddress address, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        reason = null;
        var subject = Normalize(address);
        var shown = address.IsIPv4MappedToIPv6 ? $"{address} (IPv4-mapped {subject})" : $"{address}";
        if (_allowPrivateNetworks)
        {
            // Cloud metadata services answer on link-local addresses (169.254.169.254, Tencent's metadata.tencentyun.com
            // at 169.254.0.23) and hand out credentials: the classic SSRF target. Allowing private networks for local
            // receivers does not open them; only naming them in AllowedNetworks does.
            if (LinkLocal.Any(r => r.Contains(subject)) && !IsAllowedNetwork(subject))
            {
                reason = $"{shown} is a link-local address, where cloud metadata services answer; {WebhookOptions.Section}:AllowPrivateNetworks " +
                    $"does not open link-local addresses: name the range in {WebhookOptions.Section}:AllowedNetworks to allow it";
                return false;
            }
            return true;
        }

        if (NonPublicAddressRanges.EmbeddedIPv4(subject) is { } embedded
            && !IsAllowedNetwork(embedded) && NonPublicAddressRanges.Find(embedded) is { } inner)
        {
            reason = $"{shown} embeds {embedded}, which is {inner.Description} ({inner.Range}); {Remedy}";
            return false;
        }
        if (IsAllowedNetwork(subject))
            return true;
        if (NonPublicAddressRanges.Find(subject) is { } blocked)
        {
            reason = $"{shown} is {blocked.Description} ({blocked.Range}); {Remedy}";
            return false;
        }
        return true;
    }

    /// <summary>The address a connection should be opened to: IPv4-mapped addresses as plain IPv4.</summary>
    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private bool IsAllowedNetwork(IPAddress address) => _allowedNetworks.Any(n => n.Contains(address));

    private static readonly CidrRange[] LinkLocal = [CidrRange.Parse("169.254.0.0/16"), CidrRange.Parse("fe80::/10")];
}
