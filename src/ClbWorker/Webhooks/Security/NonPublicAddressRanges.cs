using System.Net;
using System.Net.Sockets;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// Ranges a webhook must not reach unless allowed: everything in the IANA special-purpose registries that
/// is not globally reachable, or reaches the IPv4 internet through a translator. First match wins, so more
/// specific entries come before the ranges containing them.
/// </summary>
internal static class NonPublicAddressRanges
{
    public static IReadOnlyList<(CidrRange Range, string Description)> IPv4 { get; } = Table(
        ("0.0.0.0/8", "a 'this network' address"),
        ("10.0.0.0/8", "a private address"),
        ("100.64.0.0/10", "a carrier-grade NAT (shared) address"),
        ("127.0.0.0/8", "a loopback address"),
        ("169.254.0.0/16", "a link-local address (where cloud metadata services answer)"),
        ("172.16.0.0/12", "a private address"),
        ("192.0.0.0/24", "an IETF protocol assignment address"),
        ("192.0.2.0/24", "a documentation address"),
        ("192.168.0.0/16", "a private address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("224.0.0.0/4", "a multicast address"),
        ("255.255.255.255/32", "the broadcast address"),
        ("240.0.0.0/4", "a reserved address"));

    public static IReadOnlyList<(CidrRange Range, string Description)> IPv6 { get; } = Table(
        ("::/128", "the unspecified address"),
        ("::1/128", "a loopback address"),
        ("::/96", "an IPv4-compatible address (deprecated)"),
        ("64:ff9b::/96", "a NAT64 address"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
        ("100::/64", "a discard-only address"),
        ("2001::/32", "a Teredo address"),
        ("2001:2::/48", "a benchmarking address"),
        ("2001:db8::/32", "a documentation address"),
        ("2002::/16", "a 6to4 address"),
        ("fc00::/7", "a unique local (private) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address (deprecated)"),
        ("ff00::/8", "a multicast address"));

    private static readonly CidrRange Ipv4Compatible = CidrRange.Parse("::/96");
    private static readonly CidrRange Nat64 = CidrRange.Parse("64:ff9b::/96");
    private static readonly CidrRange SixToFour = CidrRange.Parse("2002::/16");

    /// <returns>The description of the first range containing <paramref name="address"/>, with that range.</returns>
    public static (CidrRange Range, string Description)? Find(IPAddress address)
    {
        foreach (var entry in address.AddressFamily == AddressFamily.InterNetwork ? IPv4 : IPv6)
        {
            if (entry.Range.Contains(address))
                return entry;
        }
        return null;
    }

    /// <summary>
    /// The IPv4 address carried inside an IPv4-compatible (<c>::a.b.c.d</c>), NAT64 (<c>64:ff9b::a.b.c.d</c>)
    /// or 6to4 (<c>2002:aabb:ccdd::</c>) address: the one a translator or tunnel would actually reach.
    /// </summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return null;
        var value = CidrRange.ToUInt128(address);
        if (Nat64.Contains(address) || (Ipv4Compatible.Contains(address) && value > 1))
            return CidrRange.FromUInt128(AddressFamily.InterNetwork, value & uint.MaxValue);
        if (SixToFour.Contains(address))
            return CidrRange.FromUInt128(AddressFamily.InterNetwork, (value >> 80) & uint.MaxValue);
        return null;
    }

    private static (CidrRange, string)[] Table(params (string Cidr, string Description)[] entries) =>
        [.. entries.Select(e => (CidrRange.Parse(e.Cidr), e.Description))];
}
