using System.Net;
using System.Text;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

/// <summary>
/// The guard against real loopback receivers. Private and metadata addresses are only ever named, never
/// connected to: <see cref="LoopbackOnlyConnections"/> would fail the test rather than open such a connection.
/// </summary>
public class WebhookSsrfGuardTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"task.succeeded","data":{}}""");
    private static readonly WebhookSecret[] Secrets = [WebhookSecret.Generate()];

    private static Dictionary<string, string?> Guarded(params string[] allowedNetworks)
    {
        var configuration = new Dictionary<string, string?> { ["Webhooks:AllowPrivateNetworks"] = "false" };
        for (var i = 0; i < allowedNetworks.Length; i++)
            configuration[$"Webhooks:AllowedNetworks:{i}"] = allowedNetworks[i];
        return configuration;
    }

    private static Task<DeliveryAttemptResult> Send(WebhookSenderHost host, string url) =>
        host.Sender.SendAsync(new Uri(url), "msg_guard", Body, Secrets, TestContext.Current.CancellationToken);

    private static string Fill(string template, LoopbackServer v4, LoopbackServer v6) => template
        .Replace("{v4}", v4.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{v6}", v6.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Theory]
    [InlineData("http://127.0.0.1:{v4}/hook", "127.0.0.1 is a loopback address (127.0.0.0/8)")]
    [InlineData("http://localhost:{v4}/hook", "localhost resolves only to addresses webhooks may not reach: 127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:{v6}/hook", "::1 is a loopback address (::1/128)")]
    [InlineData("http://[::ffff:127.0.0.1]:{v4}/hook", "::ffff:127.0.0.1 (IPv4-mapped 127.0.0.1) is a loopback address")]
    [InlineData("http://10.0.0.1:{v4}/hook", "10.0.0.1 is a private address (10.0.0.0/8)")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    public async Task With_the_guard_on_loopback_private_and_metadata_targets_are_refused_before_any_connection(string template, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var v4 = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var v6 = await LoopbackServer.StartAsync("http://[::1]:0", LoopbackServer.Json("{}"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Guarded(), ct);

        var result = await Send(host, Fill(template, v4, v6));

        Assert.True(result.RefusedBySsrfGuard);
        Assert.Null(result.StatusCode);
        Assert.StartsWith($"refused by the SSRF guard: {reason}", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("set Webhooks:AllowPrivateNetworks or Webhooks:AllowedNetworks to allow it", result.Error, StringComparison.Ordinal);
        Assert.Empty(host.Connections.Attempts);
        Assert.Empty(v4.Received);
        Assert.Empty(v6.Received);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{v4}/hook")]
    [InlineData("http://localhost:{v4}/hook")]
    [InlineData("http://[::1]:{v6}/hook")]
    [InlineData("http://[::ffff:127.0.0.1]:{v4}/hook")]
    public async Task Allowing_private_networks_lets_loopback_receivers_be_reached(string template)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var v4 = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var v6 = await LoopbackServer.StartAsync("http://[::1]:0", LoopbackServer.Json("{}"), ct);
        await using var host = await WebhookSenderHost.StartAsync(new() { ["Webhooks:AllowPrivateNetworks"] = "true" }, ct);

        var result = await Send(host, Fill(template, v4, v6));

        Assert.Equal(200, result.StatusCode);
        Assert.Single(template.Contains("::1", StringComparison.Ordinal) ? v6.Received : v4.Received);
        Assert.All(host.Connections.Attempts, a => Assert.True(IPAddress.IsLoopback(a.Address)));
    }

    [Fact]
    public async Task An_allowed_network_opens_exactly_its_addresses()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var v4 = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var v6 = await LoopbackServer.StartAsync("http://[::1]:0", LoopbackServer.Json("{}"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Guarded("127.0.0.1/32"), ct);

        var allowed = await Send(host, Fill("http://127.0.0.1:{v4}/hook", v4, v6));
        var refused = await Send(host, Fill("http://[::1]:{v6}/hook", v4, v6));

        Assert.Equal(200, allowed.StatusCode);
        Assert.True(refused.RefusedBySsrfGuard);
        Assert.Single(v4.Received);
        Assert.Empty(v6.Received);
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00::1")]
    public async Task A_name_resolving_to_a_private_address_is_refused_without_a_connection_attempt(string address)
    {
        var ct = TestContext.Current.CancellationToken;
        var resolved = new List<string>();
        await using var host = await WebhookSenderHost.StartAsync(Guarded(), ct, resolve: (name, _) =>
        {
            resolved.Add(name);
            return Task.FromResult(new[] { IPAddress.Parse(address) });
        });

        var result = await Send(host, "http://receiver.internal.test:8080/hook");

        Assert.Equal(["receiver.internal.test"], resolved);
        Assert.True(result.RefusedBySsrfGuard);
        Assert.StartsWith($"refused by the SSRF guard: receiver.internal.test resolves only to addresses webhooks may not reach: {address} is",
            result.Error, StringComparison.Ordinal);
        Assert.Empty(host.Connections.Attempts);
    }

    [Fact]
    public async Task A_name_resolving_to_refused_and_allowed_addresses_is_connected_only_to_the_allowed_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Guarded("127.0.0.1/32"), ct,
            resolve: (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("169.254.169.254"), IPAddress.Loopback }));

        var result = await Send(host, $"http://mixed.internal.test:{receiver.BaseAddress.Port}/hook");

        Assert.Equal(200, result.StatusCode);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, receiver.BaseAddress.Port)], host.Connections.Attempts);
        // TLS and the Host header keep the name; only the socket uses the vetted address.
        Assert.Equal($"mixed.internal.test:{receiver.BaseAddress.Port}", Assert.Single(receiver.Received).Header("Host"));
    }

    [Fact]
    public async Task Every_new_connection_is_vetted_on_what_the_name_resolves_to_then()
    {
        // DNS rebinding: the name first resolves to an allowed address, then to a refused one.
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync((context, token) =>
        {
            context.Response.Headers.Connection = "close";
            return LoopbackServer.Json("{}")(context, token);
        }, ct);
        var answers = new Queue<IPAddress>([IPAddress.Loopback, IPAddress.Parse("169.254.169.254")]);
        await using var host = await WebhookSenderHost.StartAsync(Guarded("127.0.0.1/32"), ct,
            resolve: (_, _) => Task.FromResult(new[] { answers.Dequeue() }));
        var url = $"http://rebinding.internal.test:{receiver.BaseAddress.Port}/hook";

        var first = await Send(host, url);
        var second = await Send(host, url);

        Assert.Equal(200, first.StatusCode);
        Assert.True(second.RefusedBySsrfGuard);
        Assert.Contains("169.254.169.254 is a link-local address", second.Error, StringComparison.Ordinal);
        Assert.Single(host.Connections.Attempts);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task The_connect_callback_refuses_on_its_own_when_the_url_checks_are_skipped()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.Json("{}"), ct);
        var options = new WebhookOptions();
        var connections = new LoopbackOnlyConnections();
        var connector = new WebhookConnector(SsrfAddressPolicy.FromOptions(options), Dns.GetHostAddressesAsync, connections.ConnectAsync);
        using var client = new HttpClient(WebhookHttpHandler.Create(options, connector));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(receiver.BaseAddress, ct));

        var refusal = Assert.IsType<WebhookTargetRefusedException>(error.InnerException);
        Assert.StartsWith("127.0.0.1 is a loopback address", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(connections.Attempts);
        Assert.Empty(receiver.Received);
    }
}
