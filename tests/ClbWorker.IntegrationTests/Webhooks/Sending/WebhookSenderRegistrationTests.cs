using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

public class WebhookSenderRegistrationTests
{
    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_errors_naming_the_keys_but_not_the_secrets()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:SigningSecret"] = "whsec_ZG8tbm90LXByaW50LW1l",
            ["Webhooks:Timeout"] = "00:10:00",
            ["Webhooks:AllowedNetworks:0"] = "10.0.0.0/40",
            ["Webhooks:Endpoints:orders:Url"] = "ftp://hooks.example.com/",
        });
        builder.AddWebhookSender();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.StartsWith("Webhooks:SigningSecret is not a valid secret: it decodes to 15 bytes", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Webhooks:Timeout is 00:10:00;", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Webhooks:AllowedNetworks:0 is not valid", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Webhooks:Endpoints:orders:Url is not allowed", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Webhooks:Endpoints:orders:Secret is not set", StringComparison.Ordinal));
        Assert.DoesNotContain("ZG8tbm90LXByaW50LW1l", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "false", false)]
    [InlineData("Development", "true", true)]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Staging", null, false)]
    public async Task Private_networks_are_allowed_by_default_only_in_development(string environment, string? configured, bool expected)
    {
        var configuration = new Dictionary<string, string?>();
        if (configured is not null)
            configuration["Webhooks:AllowPrivateNetworks"] = configured;

        await using var host = await WebhookSenderHost.StartAsync(configuration, TestContext.Current.CancellationToken, environment: environment);

        Assert.Equal(expected, host.Options.AllowPrivateNetworks);
    }

    [Fact]
    public async Task A_development_host_reaches_a_loopback_receiver_without_configuration()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var host = await WebhookSenderHost.StartAsync([], ct, environment: "Development");

        var result = await host.Sender.SendAsync(receiver.BaseAddress, "msg_dev", "{}"u8.ToArray(), [WebhookSecret.Generate()], ct);

        Assert.Equal(200, result.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public void The_policies_are_registered_from_the_options()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Webhooks:AllowedNetworks:0"] = "10.20.0.0/16",
            ["Webhooks:RetrySchedule:0"] = "00:00:07",
        });
        builder.AddWebhookSender();
        using var host = builder.Build();

        Assert.True(host.Services.GetRequiredService<SsrfAddressPolicy>().IsAllowed(System.Net.IPAddress.Parse("10.20.1.1")));
        Assert.True(host.Services.GetRequiredService<WebhookUrlPolicy>().Check("http://10.20.1.1/").IsAllowed);
        Assert.Equal(2, host.Services.GetRequiredService<DeliveryRetryPolicy>().MaxAttempts);
        Assert.Same(TimeProvider.System, host.Services.GetRequiredService<TimeProvider>());
    }
}
