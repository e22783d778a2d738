using System.Net;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.UnitTests.Webhooks;

public class CidrRangeTests
{
    [Theory]
    [InlineData("10.20.0.0/16", "10.20.0.0/16")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("10.1.2.3", "10.1.2.3/32")]
    [InlineData("10.1.2.3/32", "10.1.2.3/32")]
    [InlineData("FD00::/8", "fd00::/8")]
    [InlineData("::/0", "::/0")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104")]
    public void Ranges_parse_to_their_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, CidrRange.Parse(text).ToString());

    [Theory]
    [InlineData(null, "'' does not start with an IPv4 address")]
    [InlineData("", "'' does not start with an IPv4 address")]
    [InlineData("/8", "'/8' does not start with an IPv4 address")]
    [InlineData("10/8", "'10/8' does not start with an IPv4 address")]
    [InlineData("10.1/16", "'10.1/16' does not start with an IPv4 address")]
    [InlineData("010.0.0.0/8", "'010.0.0.0/8' does not start with an IPv4 address")]
    [InlineData("example.com/8", "'example.com/8' does not start with an IPv4 address")]
    [InlineData("fe80::1%eth0/64", "'fe80::1%eth0/64' does not start with an IPv4 address")]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33' has a prefix length other than 0 to 32")]
    [InlineData("10.0.0.0/-1", "'10.0.0.0/-1' has a prefix length other than 0 to 32")]
    [InlineData("10.0.0.0/", "'10.0.0.0/' has a prefix length other than 0 to 32")]
    [InlineData("10.0.0.0/ 8", "'10.0.0.0/ 8' has a prefix length other than 0 to 32")]
    [InlineData("fd00::/129", "'fd00::/129' has a prefix length other than 0 to 128")]
    [InlineData("10.20.1.0/16", "'10.20.1.0/16' has bits set after the prefix; did you mean 10.20.0.0/16?")]
    [InlineData("fd00::1/8", "'fd00::1/8' has bits set after the prefix; did you mean fd00::/8?")]
    public void Malformed_ranges_are_refused_with_the_reason(string? text, string expected)
    {
        Assert.False(CidrRange.TryParse(text, out var range, out var error));

        Assert.Null(range);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.20.0.0/16", "10.20.0.0", true)]
    [InlineData("10.20.0.0/16", "10.20.255.255", true)]
    [InlineData("10.20.0.0/16", "10.19.255.255", false)]
    [InlineData("10.20.0.0/16", "10.21.0.0", false)]
    [InlineData("0.0.0.0/0", "255.255.255.255", true)]
    [InlineData("10.1.2.3/32", "10.1.2.3", true)]
    [InlineData("10.1.2.3/32", "10.1.2.4", false)]
    [InlineData("fc00::/7", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true)]
    [InlineData("fc00::/7", "fe00::", false)]
    [InlineData("::/0", "::1", true)]
    [InlineData("::/0", "127.0.0.1", false)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("10.0.0.0/8", "::ffff:10.0.0.1", false)]
    public void Contains_matches_addresses_of_the_same_family_within_the_prefix(string range, string address, bool expected) =>
        Assert.Equal(expected, CidrRange.Parse(range).Contains(IPAddress.Parse(address)));

    [Fact]
    public void Contains_agrees_with_the_framework_IPNetwork_on_random_ranges_and_addresses()
    {
        var random = new Random(20261127);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(2) == 0 ? 4 : 16];
            random.NextBytes(bytes);
            var prefix = random.Next(bytes.Length * 8 + 1);
            var network = IPNetwork.Parse($"{new IPAddress(bytes)}/{prefix}");
            var ours = CidrRange.Parse(network.ToString());
            var probe = (byte[])bytes.Clone();
            // Flip one bit, sometimes inside the prefix, sometimes after it.
            var bit = random.Next(bytes.Length * 8);
            probe[bit / 8] ^= (byte)(0x80 >> (bit % 8));
            var address = new IPAddress(probe);

            Assert.Equal(network.Contains(address), ours.Contains(address));
            Assert.True(ours.Contains(network.BaseAddress));
        }
    }
}
