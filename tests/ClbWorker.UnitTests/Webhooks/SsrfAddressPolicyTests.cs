using System.Net;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.UnitTests.Webhooks;

public class SsrfAddressPolicyTests
{
    private static readonly SsrfAddressPolicy Default = new(allowPrivateNetworks: false, []);

    /// <summary>Both ends of every refused range, and the addresses just outside them.</summary>
    [Theory]
    [InlineData("0.0.0.0", false)]
    [InlineData("0.255.255.255", false)]
    [InlineData("1.0.0.0", true)]
    [InlineData("9.255.255.255", true)]
    [InlineData("10.0.0.0", false)]
    [InlineData("10.255.255.255", false)]
    [InlineData("11.0.0.0", true)]
    [InlineData("100.63.255.255", true)]
    [InlineData("100.64.0.0", false)]
    [InlineData("100.127.255.255", false)]
    [InlineData("100.128.0.0", true)]
    [InlineData("126.255.255.255", true)]
    [InlineData("127.0.0.0", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.255.255", false)]
    [InlineData("128.0.0.0", true)]
    [InlineData("169.253.255.255", true)]
    [InlineData("169.254.0.0", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("169.254.255.255", false)]
    [InlineData("169.255.0.0", true)]
    [InlineData("172.15.255.255", true)]
    [InlineData("172.16.0.0", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.0", true)]
    [InlineData("191.255.255.255", true)]
    [InlineData("192.0.0.0", false)]
    [InlineData("192.0.0.255", false)]
    [InlineData("192.0.1.0", true)]
    [InlineData("192.0.1.255", true)]
    [InlineData("192.0.2.0", false)]
    [InlineData("192.0.2.255", false)]
    [InlineData("192.0.3.0", true)]
    [InlineData("192.167.255.255", true)]
    [InlineData("192.168.0.0", false)]
    [InlineData("192.168.255.255", false)]
    [InlineData("192.169.0.0", true)]
    [InlineData("198.17.255.255", true)]
    [InlineData("198.18.0.0", false)]
    [InlineData("198.19.255.255", false)]
    [InlineData("198.20.0.0", true)]
    [InlineData("198.51.99.255", true)]
    [InlineData("198.51.100.0", false)]
    [InlineData("198.51.100.255", false)]
    [InlineData("198.51.101.0", true)]
    [InlineData("203.0.112.255", true)]
    [InlineData("203.0.113.0", false)]
    [InlineData("203.0.113.255", false)]
    [InlineData("203.0.114.0", true)]
    [InlineData("223.255.255.255", true)]
    [InlineData("224.0.0.0", false)]
    [InlineData("239.255.255.255", false)]
    [InlineData("240.0.0.0", false)]
    [InlineData("255.255.255.254", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("1.1.1.1", true)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("::2", false)]
    [InlineData("::1:0:0:0", true)]
    [InlineData("::ffff:ffff", false)]
    [InlineData("::1:0:0", true)]
    [InlineData("::fffe:ffff:ffff", true)]
    [InlineData("64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("64:ff9b::", false)]
    [InlineData("64:ff9b::ffff:ffff", false)]
    [InlineData("64:ff9b::1:0:0", true)]
    [InlineData("64:ff9b:1::", false)]
    [InlineData("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("64:ff9b:2::", true)]
    [InlineData("ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("100::", false)]
    [InlineData("100::ffff:ffff:ffff:ffff", false)]
    [InlineData("100:0:0:1::", true)]
    [InlineData("2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001::", false)]
    [InlineData("2001:0:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2001:1::", true)]
    [InlineData("2001:2::", false)]
    [InlineData("2001:2:0:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2001:2:1::", true)]
    [InlineData("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8::", false)]
    [InlineData("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2001:db9::", true)]
    [InlineData("2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("2002::", false)]
    [InlineData("2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2003::", true)]
    [InlineData("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("fc00::", false)]
    [InlineData("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("fe00::", true)]
    [InlineData("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("fe80::", false)]
    [InlineData("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("fec0::", false)]
    [InlineData("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("ff00::", false)]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void Non_public_ranges_are_refused_up_to_their_edges(string address, bool allowed) =>
        Assert.Equal(allowed, Default.IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:169.254.169.254", false)]
    [InlineData("::ffff:0.0.0.0", false)]
    [InlineData("::ffff:9.255.255.255", true)]
    [InlineData("::ffff:8.8.8.8", true)]
    public void IPv4_mapped_addresses_are_judged_as_the_IPv4_address_they_are(string address, bool allowed) =>
        Assert.Equal(allowed, Default.IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::127.0.0.1", "127.0.0.1", "a loopback address (127.0.0.0/8)")]
    [InlineData("::a9fe:a9fe", "169.254.169.254", "a link-local address")]
    [InlineData("64:ff9b::10.0.0.1", "10.0.0.1", "a private address (10.0.0.0/8)")]
    [InlineData("2002:a9fe:a9fe::", "169.254.169.254", "a link-local address")]
    [InlineData("2002:7f00:1:1::1", "127.0.0.1", "a loopback address")]
    public void Addresses_embedding_a_refused_IPv4_address_name_it(string address, string embedded, string description)
    {
        Assert.False(Default.IsAllowed(IPAddress.Parse(address), out var reason));

        Assert.StartsWith($"{IPAddress.Parse(address)} embeds {embedded}, which is {description}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_NAT64_range_still_refuses_the_private_addresses_it_would_translate_to()
    {
        var policy = new SsrfAddressPolicy(false, [CidrRange.Parse("64:ff9b::/96")]);

        Assert.True(policy.IsAllowed(IPAddress.Parse("64:ff9b::8.8.8.8")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("64:ff9b::10.0.0.1")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("64:ff9b::127.0.0.1")));
    }

    [Fact]
    public void The_reason_names_the_address_its_range_and_the_settings_that_allow_it()
    {
        Assert.False(Default.IsAllowed(IPAddress.Parse("127.0.0.1"), out var reason));

        Assert.Equal("127.0.0.1 is a loopback address (127.0.0.0/8); "
            + "set Webhooks:AllowPrivateNetworks or Webhooks:AllowedNetworks to allow it", reason);
    }

    [Fact]
    public void The_reason_for_a_mapped_address_shows_both_forms()
    {
        Assert.False(Default.IsAllowed(IPAddress.Parse("::ffff:169.254.169.254"), out var reason));

        Assert.StartsWith("::ffff:169.254.169.254 (IPv4-mapped 169.254.169.254) is a link-local address (where cloud metadata services answer) (169.254.0.0/16)",
            reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_broadcast_address_is_named_as_such_rather_than_reserved()
    {
        Assert.False(Default.IsAllowed(IPAddress.Broadcast, out var reason));

        Assert.StartsWith("255.255.255.255 is the broadcast address", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.20.0.0", true)]
    [InlineData("10.20.255.255", true)]
    [InlineData("::ffff:10.20.1.1", true)]
    [InlineData("10.19.255.255", false)]
    [InlineData("10.21.0.0", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("fd12:3457::1", false)]
    public void Allowed_networks_open_exactly_their_ranges(string address, bool allowed)
    {
        var policy = new SsrfAddressPolicy(false, [CidrRange.Parse("10.20.0.0/16"), CidrRange.Parse("fd12:3456::/32")]);

        Assert.Equal(allowed, policy.IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("fd00::1")]
    public void Allowing_private_networks_allows_every_non_public_address_but_link_local_ones(string address) =>
        Assert.True(new SsrfAddressPolicy(true, []).IsAllowed(IPAddress.Parse(address)));

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.23")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fe80::1")]
    public void Link_local_metadata_addresses_stay_refused_when_private_networks_are_allowed(string address)
    {
        Assert.False(new SsrfAddressPolicy(true, []).IsAllowed(IPAddress.Parse(address), out var reason));
        Assert.Contains("link-local", reason, StringComparison.Ordinal);
        Assert.Contains("Webhooks:AllowedNetworks", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("169.254.169.254", "169.254.169.254/32", true)]
    [InlineData("169.254.0.23", "169.254.0.0/16", true)]
    [InlineData("169.254.0.23", "169.254.169.254/32", false)]
    [InlineData("fe80::1", "fe80::/10", true)]
    public void A_link_local_address_passes_only_when_the_allowed_networks_name_it(string address, string allowed, bool passes) =>
        Assert.Equal(passes, new SsrfAddressPolicy(true, [CidrRange.Parse(allowed)]).IsAllowed(IPAddress.Parse(address)));

    [Fact]
    public void The_policy_is_built_from_the_options()
    {
        var options = new WebhookOptions();
        options.AllowedNetworks.Add("192.168.7.0/24");

        var policy = SsrfAddressPolicy.FromOptions(options);

        Assert.True(policy.IsAllowed(IPAddress.Parse("192.168.7.9")));
        Assert.False(policy.IsAllowed(IPAddress.Parse("192.168.8.9")));
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    public void Normalize_turns_mapped_addresses_into_IPv4(string address, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), SsrfAddressPolicy.Normalize(IPAddress.Parse(address)));
}
