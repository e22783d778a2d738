using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class ClbEndpointsTests
{
    [Fact]
    public void Ordinary_regions_use_the_nearest_access_point()
    {
        var endpoint = ClbEndpoints.Resolve("ap-guangzhou", endpointOverride: null, useRegionalEndpoints: false);

        Assert.Equal(new Uri("https://clb.tencentcloudapi.com/"), endpoint.RequestUri);
        Assert.Equal("clb.tencentcloudapi.com", endpoint.Host);
    }

    [Theory]
    [InlineData("ap-shanghai-fsi")]
    [InlineData("ap-shenzhen-fsi")]
    public void Financial_regions_always_use_their_own_domain(string region)
    {
        var endpoint = ClbEndpoints.Resolve(region, endpointOverride: null, useRegionalEndpoints: false);

        Assert.Equal(new Uri($"https://clb.{region}.tencentcloudapi.com/"), endpoint.RequestUri);
        Assert.Equal($"clb.{region}.tencentcloudapi.com", endpoint.Host);
    }

    [Theory]
    [InlineData("ap-guangzhou")]
    [InlineData("eu-frankfurt")]
    [InlineData("ap-shenzhen-fsi")]
    public void Regional_option_pins_every_region_to_its_own_domain(string region)
    {
        var endpoint = ClbEndpoints.Resolve(region, endpointOverride: null, useRegionalEndpoints: true);

        Assert.Equal(new Uri($"https://clb.{region}.tencentcloudapi.com/"), endpoint.RequestUri);
        Assert.Equal($"clb.{region}.tencentcloudapi.com", endpoint.Host);
    }

    [Theory]
    [InlineData("ap-guangzhou", false)]
    [InlineData("ap-shanghai-fsi", false)]
    [InlineData("na-ashburn", true)]
    public void Override_with_port_is_used_for_every_region_and_the_host_carries_the_port(string region, bool regional)
    {
        var endpoint = ClbEndpoints.Resolve(region, new Uri("http://127.0.0.1:18080"), regional);

        Assert.Equal(new Uri("http://127.0.0.1:18080/"), endpoint.RequestUri);
        Assert.Equal("127.0.0.1:18080", endpoint.Host);
    }

    [Theory]
    [InlineData("https://clb.example.test", "clb.example.test")]
    [InlineData("http://simulator.local:80/", "simulator.local")]
    [InlineData("https://simulator.local:443", "simulator.local")]
    [InlineData("https://simulator.local:8443", "simulator.local:8443")]
    [InlineData("http://[::1]:18080", "[::1]:18080")]
    public void Override_host_omits_only_the_schemes_default_port(string endpointOverride, string expectedHost)
    {
        var endpoint = ClbEndpoints.Resolve("ap-guangzhou", new Uri(endpointOverride), useRegionalEndpoints: false);

        Assert.Equal(expectedHost, endpoint.Host);
        Assert.Equal("/", endpoint.RequestUri.AbsolutePath);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AP-GUANGZHOU")]
    [InlineData("evil.example.com/x")]
    [InlineData("ap-guangzhou.attacker")]
    public void Malformed_regions_never_become_part_of_a_host_name(string region) =>
        Assert.Throws<ArgumentException>(() => ClbEndpoints.Resolve(region, endpointOverride: null, useRegionalEndpoints: true));
}
