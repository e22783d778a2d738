using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Tencent;

public class TencentOptionsValidatorTests
{
    private static IReadOnlyList<string> Errors(TencentOptions options) =>
        [.. new TencentOptionsValidator().Validate(null, options).Failures ?? []];

    private static string SingleError(TencentOptions options) => Assert.Single(Errors(options));

    [Fact]
    public void Defaults_without_any_credentials_are_valid_so_the_host_can_decide() =>
        Assert.Empty(Errors(new TencentOptions()));

    [Fact]
    public void A_complete_configuration_is_valid()
    {
        var options = new TencentOptions
        {
            SecretId = "AKIDdefault", SecretKey = "key", Token = "token", Endpoint = "http://127.0.0.1:18080",
            RequestsPerSecond = 1000, Timeout = TimeSpan.FromMinutes(5), UseRegionalEndpoints = true,
        };
        options.Accounts["prod.eu_1-b"] = new() { SecretId = "AKIDprod", SecretKey = "key2", RequestsPerSecond = 0.5 };
        options.Regions.Add("ap-guangzhou");

        Assert.Empty(Errors(options));
    }

    [Fact]
    public void SecretId_without_SecretKey_names_the_missing_key() =>
        Assert.StartsWith("Tencent:SecretKey is not set but Tencent:SecretId is",
            SingleError(new TencentOptions { SecretId = "AKIDx" }), StringComparison.Ordinal);

    [Fact]
    public void SecretKey_without_SecretId_names_the_missing_key() =>
        Assert.StartsWith("Tencent:SecretId is not set but Tencent:SecretKey is",
            SingleError(new TencentOptions { SecretKey = "key" }), StringComparison.Ordinal);

    [Fact]
    public void Token_without_a_key_pair_is_rejected() =>
        Assert.StartsWith("Tencent:Token is set without",
            SingleError(new TencentOptions { Token = "token" }), StringComparison.Ordinal);

    [Theory]
    [InlineData("AKIDx ", "key", "Tencent:SecretId")]
    [InlineData("AKIDx", "key\n", "Tencent:SecretKey")]
    [InlineData("AKIDx", "\tkey", "Tencent:SecretKey")]
    public void Credentials_with_stray_whitespace_are_rejected(string id, string key, string expectedKey) =>
        Assert.StartsWith($"{expectedKey} contains whitespace",
            SingleError(new TencentOptions { SecretId = id, SecretKey = key }), StringComparison.Ordinal);

    [Theory]
    [InlineData("http://127.0.0.1:18080")]
    [InlineData("https://clb.example.test/")]
    [InlineData("http://[::1]:8080")]
    public void Absolute_http_endpoints_without_a_path_are_accepted(string endpoint) =>
        Assert.Empty(Errors(new TencentOptions { Endpoint = endpoint }));

    [Theory]
    [InlineData("127.0.0.1:18080", "not an absolute http(s) URL")]
    [InlineData("/relative", "not an absolute http(s) URL")]
    [InlineData("ftp://example.test", "not an absolute http(s) URL")]
    [InlineData("file:///etc/passwd", "not an absolute http(s) URL")]
    [InlineData("http://example.test:99999", "not an absolute http(s) URL")]
    [InlineData("http://example.test/clb", "has a path, query or fragment")]
    [InlineData("http://example.test/?a=1", "has a path, query or fragment")]
    [InlineData("http://example.test/#top", "has a path, query or fragment")]
    [InlineData("http://user@example.test", "user information")]
    public void Endpoint_must_be_an_absolute_http_url_with_only_scheme_host_and_port(string endpoint, string problem)
    {
        var error = SingleError(new TencentOptions { Endpoint = endpoint });

        Assert.StartsWith("Tencent:Endpoint is ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
        Assert.Contains("allowed: an absolute http:// or https:// URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_errors_show_the_value_so_it_can_be_found() =>
        Assert.Contains("'ftp://example.test'", SingleError(new TencentOptions { Endpoint = "ftp://example.test" }), StringComparison.Ordinal);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1000.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RequestsPerSecond_outside_zero_exclusive_to_1000_is_rejected(double value) =>
        Assert.Matches(@"^Tencent:RequestsPerSecond is \S+; allowed: more than 0 and at most 1000",
            SingleError(new TencentOptions { RequestsPerSecond = value }));

    [Theory]
    [InlineData(0.001)]
    [InlineData(1000)]
    public void RequestsPerSecond_range_bounds_are_accepted(double value) =>
        Assert.Empty(Errors(new TencentOptions { RequestsPerSecond = value }));

    [Theory]
    [InlineData("00:00:00.999", "00:00:00.9990000")]
    [InlineData("00:05:00.001", "00:05:00.0010000")]
    [InlineData("-00:00:10", "-00:00:10")]
    public void Timeout_outside_one_second_to_five_minutes_is_rejected(string value, string shown) =>
        Assert.Equal($"Tencent:Timeout is {shown}; allowed: 00:00:01 to 00:05:00 (1 second to 5 minutes).",
            SingleError(new TencentOptions { Timeout = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) }));

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    public void Timeout_range_bounds_are_accepted(int seconds) =>
        Assert.Empty(Errors(new TencentOptions { Timeout = TimeSpan.FromSeconds(seconds) }));

    [Fact]
    public void Regions_entries_must_be_well_formed_and_the_error_names_the_index()
    {
        var options = new TencentOptions();
        options.Regions.Add("ap-guangzhou");
        options.Regions.Add("AP Tokyo");

        Assert.StartsWith("Tencent:Regions:1 is 'AP Tokyo'; allowed: a region name like", SingleError(options), StringComparison.Ordinal);
    }
}
