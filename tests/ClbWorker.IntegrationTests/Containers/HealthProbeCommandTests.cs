using System.Net;
using System.Net.Sockets;
using ClbWorker.HealthProbe;
using ClbWorker.IntegrationTests.Tencent;
using Microsoft.AspNetCore.Http;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>The containers' health check (<c>--probe URL</c>) against real HTTP servers on loopback.</summary>
public sealed class HealthProbeCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_2xx_answer_is_healthy_and_prints_nothing()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => context.Response.WriteAsync("alive", Ct), Ct);
        var error = new StringWriter();

        var code = await HealthProbeCommand.ProbeAsync(new Uri(server.BaseAddress, "/healthz").ToString(), error);

        Assert.Equal((0, ""), (code, error.ToString()));
        Assert.Equal("/healthz", Assert.Single(server.Received).Path);
    }

    [Fact]
    public async Task A_503_answer_is_unhealthy_and_says_what_answered()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        }, Ct);
        var error = new StringWriter();

        var code = await HealthProbeCommand.ProbeAsync(new Uri(server.BaseAddress, "/readyz").ToString(), error);

        Assert.Equal(1, code);
        Assert.Contains("readyz answered 503 Service Unavailable", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_server_on_the_port_is_unhealthy_within_the_timeout()
    {
        using var reserved = new TcpListener(IPAddress.Loopback, 0);
        reserved.Start();
        var port = ((IPEndPoint)reserved.LocalEndpoint).Port;
        reserved.Stop();
        var error = new StringWriter();

        var code = await HealthProbeCommand.ProbeAsync($"http://127.0.0.1:{port}/healthz", error);

        Assert.Equal(1, code);
        Assert.Contains($"http://127.0.0.1:{port}/healthz gave no answer within 2 s", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1:8080/healthz")]
    [InlineData("ftp://127.0.0.1/healthz")]
    public async Task Anything_but_an_absolute_http_url_is_refused_saying_what_is_needed(string? url)
    {
        var error = new StringWriter();

        var code = await HealthProbeCommand.ProbeAsync(url, error);

        Assert.Equal(2, code);
        Assert.Contains("--probe needs an absolute http(s) URL, like --probe http://127.0.0.1:8080/healthz", error.ToString(), StringComparison.Ordinal);
    }
}
