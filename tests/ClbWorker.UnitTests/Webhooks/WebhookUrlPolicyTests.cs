using ClbWorker.Webhooks.Security;

namespace ClbWorker.UnitTests.Webhooks;

public class WebhookUrlPolicyTests
{
    private static readonly WebhookUrlPolicy Policy = new(new SsrfAddressPolicy(false, []));

    [Theory]
    [InlineData("https://hooks.example.com/clb")]
    [InlineData("http://hooks.example.com:8080/clb?token=abc")]
    [InlineData("HTTPS://Hooks.Example.com/")]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    [InlineData("https://xn--bcher-kva.example/hook")]
    [InlineData("http://receiver_1:8080/hook")]
    [InlineData("http://localhost:5000/hook")]
    public void Absolute_http_urls_with_a_public_or_named_host_pass(string url)
    {
        var check = Policy.Check(url);

        Assert.True(check.IsAllowed, check.Refusal);
        Assert.Equal(new Uri(url), check.Url);
    }

    [Theory]
    [InlineData(null, "the URL is empty")]
    [InlineData("", "the URL is empty")]
    [InlineData("/hooks", "the URL is not an absolute http:// or https:// URL")]
    [InlineData("hooks.example.com/clb", "the URL is not an absolute http:// or https:// URL")]
    [InlineData("ftp://hooks.example.com/clb", "the URL's scheme is 'ftp'; only http and https are allowed")]
    [InlineData("file:///etc/passwd", "the URL's scheme is 'file'")]
    [InlineData("gopher://hooks.example.com/", "the URL's scheme is 'gopher'")]
    [InlineData("http:///clb", "the URL's host is not a host name")]
    [InlineData("http://example.test:99999/hook", "the URL's port '99999' is not a number from 1 to 65535")]
    [InlineData("http://[::1/hook", "the URL's host is not a host name")]
    [InlineData("https://bücher.example/hook", "the URL contains whitespace, control characters or characters outside ASCII")]
    [InlineData("https://user:pa55@hooks.example.com/", "the URL contains user info")]
    [InlineData("https://user@hooks.example.com/", "the URL contains user info")]
    [InlineData("https://@hooks.example.com/", "the URL contains user info")]
    [InlineData("https://hooks.example.com/#top", "the URL has a fragment")]
    [InlineData("https://hooks.example.com/#", "the URL has a fragment")]
    [InlineData("https://hooks.example.com/a b", "the URL contains whitespace, control characters")]
    [InlineData("https://hooks.example.com:0/", "the URL's port '0' is not a number from 1 to 65535")]
    [InlineData("http://2130706433/", "the URL's host is not a host name")]
    [InlineData("http://127.1/", "the URL's host is not a host name")]
    [InlineData("http://0/", "the URL's host is not a host name")]
    [InlineData("http://[fe80::1%25eth0]/", "the URL's host is not a host name")]
    public void Malformed_urls_are_refused_with_the_reason(string? url, string reason)
    {
        var check = Policy.Check(url);

        Assert.False(check.IsAllowed);
        Assert.Null(check.Url);
        Assert.StartsWith(reason, check.Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/", "127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f000001/", "127.0.0.1 is a loopback address")]
    [InlineData("http://10.0.0.1/", "10.0.0.1 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    [InlineData("http://[::1]/", "::1 is a loopback address")]
    [InlineData("http://[::]/", ":: is the unspecified address")]
    [InlineData("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 (IPv4-mapped 127.0.0.1) is a loopback address")]
    [InlineData("http://[fe80::1]/", "fe80::1 is a link-local address")]
    [InlineData("http://[fd00::1]/", "fd00::1 is a unique local (private) address")]
    public void Ip_literal_hosts_are_judged_by_the_address_policy_at_once(string url, string reason)
    {
        var check = Policy.Check(url);

        Assert.False(check.IsAllowed);
        Assert.StartsWith(reason, check.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Ip_literal_hosts_in_allowed_networks_pass()
    {
        var policy = new WebhookUrlPolicy(new SsrfAddressPolicy(false, [CidrRange.Parse("10.20.0.0/16")]));

        Assert.True(policy.Check("http://10.20.3.4:9000/hook").IsAllowed);
        Assert.False(policy.Check("http://10.21.3.4:9000/hook").IsAllowed);
    }

    [Fact]
    public void Refusals_never_quote_the_query_or_credentials()
    {
        var refusals = new[]
        {
            Policy.Check("https://user:s3cr3t-pw@hooks.example.com/?token=t0k3n-value"),
            Policy.Check("http://10.0.0.1/?token=t0k3n-value"),
            Policy.Check("ftp://hooks.example.com/?token=t0k3n-value"),
        }.Select(c => c.Refusal).ToList();

        Assert.All(refusals, r =>
        {
            Assert.NotNull(r);
            Assert.DoesNotContain("t0k3n", r, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", r, StringComparison.Ordinal);
        });
    }
}
