using System.Net;
using System.Net.Sockets;
using ClbWorker.Tencent.Client;
using Microsoft.AspNetCore.Http;

namespace ClbWorker.IntegrationTests.Tencent;

public class ClbApiClientResultTests
{
    private static async Task<(DescribeTaskStatusResult Result, int Requests)> Call(
        Func<HttpContext, CancellationToken, Task> respond)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(respond, ct);
        var result = await CallEndpoint(server.BaseAddress, ct);
        return (result, server.Received.Count);
    }

    private static async Task<DescribeTaskStatusResult> CallEndpoint(Uri endpoint, CancellationToken ct)
    {
        await using var host = await TencentClientHost.StartAsync(new()
        {
            ["Tencent:SecretId"] = "AKIDresults",
            ["Tencent:SecretKey"] = "key",
            ["Tencent:Endpoint"] = endpoint.ToString(),
        }, time: null, ct);
        return await host.Client.DescribeTaskStatusAsync(host.DefaultAccount, "ap-shanghai-fsi", "task-1", ct);
    }

    [Fact]
    public async Task Success_envelope_becomes_a_status_result()
    {
        var (result, _) = await Call(LoopbackServer.Json("""{"Response":{"Status":0,"LoadBalancerIds":null,"RequestId":"req-ok"}}"""));

        Assert.Equal(new TaskStatusReported(ClbTaskStatus.Succeeded, "req-ok") { SecretId = "AKIDresults" }, result with { Elapsed = TimeSpan.Zero });
        Assert.True(result.Elapsed > TimeSpan.Zero);
    }

    [Fact]
    public async Task Error_envelope_becomes_a_classified_api_error()
    {
        var (result, _) = await Call(LoopbackServer.Json(
            """{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"expired"},"RequestId":"req-err"}}"""));

        var error = Assert.IsType<ApiErrorReported>(result);
        Assert.Equal(("AuthFailure.SignatureExpire", "expired", "req-err"), (error.Code, error.Message, error.RequestId));
        Assert.Equal(TencentErrorKind.ClockSkew, error.Kind);
    }

    [Fact]
    public async Task Html_502_from_a_gateway_becomes_an_http_error()
    {
        var (result, _) = await Call(async (context, ct) =>
        {
            context.Response.StatusCode = 502;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><title>502 Bad Gateway</title></head></html>", ct);
        });

        var error = Assert.IsType<HttpErrorReceived>(result);
        Assert.Equal(502, error.StatusCode);
        Assert.Contains("502 Bad Gateway", error.BodyExcerpt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_are_not_followed_because_they_would_not_be_re_signed()
    {
        var (result, requests) = await Call((context, _) =>
        {
            context.Response.Redirect("/elsewhere");
            return Task.CompletedTask;
        });

        Assert.Equal(302, Assert.IsType<HttpErrorReceived>(result).StatusCode);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task Body_over_one_mebibyte_is_malformed_even_without_content_length()
    {
        var (result, _) = await Call(async (context, ct) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"Response":{"Status":2,"RequestId":"r","Padding":" """, ct);
            var chunk = new string(' ', 64 * 1024);
            for (var i = 0; i < 17; i++)
                await context.Response.WriteAsync(chunk, ct);
            await context.Response.WriteAsync("\"}}", ct);
        });

        Assert.Contains("exceeds 1048576 bytes", Assert.IsType<MalformedResponse>(result).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closed_port_becomes_a_connection_failure_naming_the_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await CallEndpoint(new Uri($"http://127.0.0.1:{port}"), ct);

        Assert.Contains($"127.0.0.1:{port}", Assert.IsType<ConnectionFailed>(result).Reason, StringComparison.Ordinal);
    }
}
