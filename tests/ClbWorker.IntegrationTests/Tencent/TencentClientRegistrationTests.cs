using ClbWorker.Tencent;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Tencent;

public class TencentClientRegistrationTests
{
    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_errors_naming_the_keys()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tencent:SecretId"] = "AKIDx",
            ["Tencent:RequestsPerSecond"] = "5000",
            ["Tencent:Accounts:prod:SecretKey"] = "do-not-print-me",
        });
        builder.AddTencentClient();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.StartsWith("Tencent:SecretKey is not set", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Tencent:RequestsPerSecond is 5000;", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Tencent:Accounts:prod:SecretId is not set", StringComparison.Ordinal));
        Assert.DoesNotContain("do-not-print-me", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_credentials_do_not_stop_start_up_and_are_reported_instead()
    {
        await using var host = await TencentClientHost.StartAsync([], time: null, TestContext.Current.CancellationToken);

        Assert.False(host.Accounts.HasDefaultCredentials);
    }

    [Fact]
    public void System_clock_is_registered_unless_the_host_registered_one_first()
    {
        var plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        plain.AddTencentClient();
        var fake = new FakeTimeProvider();
        var pinned = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        pinned.Services.AddSingleton<TimeProvider>(fake);
        pinned.AddTencentClient();

        using var plainHost = plain.Build();
        using var pinnedHost = pinned.Build();

        Assert.Same(TimeProvider.System, plainHost.Services.GetRequiredService<TimeProvider>());
        Assert.Same(fake, pinnedHost.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Accounts_and_regions_come_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tencent:Accounts:prod:SecretId"] = "AKIDprod",
            ["Tencent:Accounts:prod:SecretKey"] = "key",
            ["Tencent:Regions:0"] = "ap-newcity",
        });
        builder.AddTencentClient();
        using var host = builder.Build();

        Assert.Equal(["default", "prod"], host.Services.GetRequiredService<TencentAccounts>().Names);
        Assert.Equal(["ap-newcity"], host.Services.GetRequiredService<ClbRegions>().Known);
    }

    [Fact]
    public void Typed_client_leaves_timeouts_to_the_client_so_they_are_told_apart_from_cancellation()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddTencentClient();
        using var host = builder.Build();

        using var http = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(ClbApiClient));

        Assert.Equal(Timeout.InfiniteTimeSpan, http.Timeout);
    }
}
