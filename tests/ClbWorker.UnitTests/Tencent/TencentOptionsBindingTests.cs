using ClbWorker.Tencent;
using Microsoft.Extensions.Configuration;

namespace ClbWorker.UnitTests.Tencent;

public class TencentOptionsBindingTests
{
    private static TencentOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new TencentOptions();
        configuration.GetSection(TencentOptions.SectionName).Bind(options);
        return options;
    }

    [Fact]
    public void Defaults_are_20_requests_per_second_10_second_timeout_and_nearest_endpoint()
    {
        var options = Bind([]);

        Assert.Equal(20, options.RequestsPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Timeout);
        Assert.False(options.UseRegionalEndpoints);
        Assert.Empty(options.Accounts);
        Assert.Empty(options.Regions);
    }

    [Fact]
    public void Every_key_binds_from_configuration_including_accounts_and_regions()
    {
        var options = Bind(new()
        {
            ["Tencent:SecretId"] = "AKIDtop",
            ["Tencent:SecretKey"] = "key",
            ["Tencent:Token"] = "sts",
            ["Tencent:Endpoint"] = "http://127.0.0.1:18080",
            ["Tencent:RequestsPerSecond"] = "12.5",
            ["Tencent:Timeout"] = "00:00:03",
            ["Tencent:UseRegionalEndpoints"] = "true",
            ["Tencent:Accounts:prod:SecretId"] = "AKIDprod",
            ["Tencent:Accounts:prod:SecretKey"] = "key2",
            ["Tencent:Accounts:prod:RequestsPerSecond"] = "4",
            ["Tencent:Regions:0"] = "ap-newcity",
            ["Tencent:Regions:1"] = "ap-guangzhou",
        });

        Assert.Equal(("AKIDtop", "key", "sts"), (options.SecretId, options.SecretKey, options.Token));
        Assert.Equal("http://127.0.0.1:18080", options.Endpoint);
        Assert.Equal((12.5, TimeSpan.FromSeconds(3), true), (options.RequestsPerSecond, options.Timeout, options.UseRegionalEndpoints));
        Assert.Equal(("AKIDprod", "key2", 4d), (options.Accounts["prod"].SecretId, options.Accounts["prod"].SecretKey, options.Accounts["prod"].RequestsPerSecond));
        Assert.Equal(["ap-newcity", "ap-guangzhou"], options.Regions);
    }

    [Fact]
    public void Environment_variable_form_uses_double_underscores()
    {
        IConfiguration configuration;
        Environment.SetEnvironmentVariable("CLBWORKER_TEST_Tencent__Accounts__ops__SecretId", "AKIDops");
        try
        {
            configuration = new ConfigurationBuilder().AddEnvironmentVariables("CLBWORKER_TEST_").Build();
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLBWORKER_TEST_Tencent__Accounts__ops__SecretId", null);
        }
        var options = new TencentOptions();
        configuration.GetSection(TencentOptions.SectionName).Bind(options);

        Assert.Equal("AKIDops", options.Accounts["ops"].SecretId);
    }
}
