using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ClbWorker.IntegrationTests.Tencent;
using Microsoft.Extensions.Time.Testing;
using static ClbWorker.IntegrationTests.Webhooks.Sending.SenderScenario;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

public class WebhookSenderResultTests
{
    [Fact]
    public async Task A_server_error_is_a_failure_with_the_status_and_the_body_excerpt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(Answer(500, """{"error":"database down"}"""), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.False(result.IsSuccess);
        Assert.Equal(500, result.StatusCode);
        Assert.Null(result.Error);
        Assert.Equal("""{"error":"database down"}""", result.ResponseExcerpt);
        Assert.False(result.ResponseTruncated);
        Assert.Equal("HTTP 500", result.Summary);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Redirects_are_failures_and_are_not_followed(int status)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var target = await LoopbackServer.StartAsync(Answer(200), ct);
        var location = new Uri(target.BaseAddress, "/elsewhere?token=secret-of-the-receiver");
        await using var receiver = await LoopbackServer.StartAsync(Answer(status, headers: r => r.Headers.Location = location.ToString()), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.False(result.IsSuccess);
        Assert.Equal(status, result.StatusCode);
        Assert.StartsWith($"redirect to {new Uri(target.BaseAddress, "/elsewhere")} not followed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-of-the-receiver", result.Error, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task Gone_is_flagged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(Answer(410, "endpoint removed"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.True(result.IsGone);
        Assert.False(result.IsSuccess);
        Assert.Equal("endpoint removed", result.ResponseExcerpt);
    }

    [Fact]
    public async Task Retry_after_in_seconds_is_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(Answer(429, headers: r => r.Headers.RetryAfter = "120"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.Equal(429, result.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
    }

    [Fact]
    public async Task Retry_after_as_a_date_is_read_relative_to_the_injected_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        var retryAt = Start.AddMinutes(3).ToString("R", CultureInfo.InvariantCulture);
        await using var receiver = await LoopbackServer.StartAsync(Answer(503, headers: r => r.Headers.RetryAfter = retryAt), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct, new FakeTimeProvider(Start));

        var result = await Send(host, receiver.BaseAddress);

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(3), result.RetryAfter);
    }

    [Fact]
    public async Task A_malformed_retry_after_is_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(Answer(503, headers: r => r.Headers.RetryAfter = "later please"), ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.Equal(503, result.StatusCode);
        Assert.Null(result.RetryAfter);
    }

    [Fact]
    public async Task A_refused_connection_is_a_failure_saying_so()
    {
        var ct = TestContext.Current.CancellationToken;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct);

        var result = await Send(host, new Uri($"http://127.0.0.1:{port}/"));

        Assert.Null(result.StatusCode);
        Assert.False(result.TimedOut);
        Assert.False(result.RefusedBySsrfGuard);
        Assert.StartsWith($"connecting failed (127.0.0.1:{port}): ", result.Error, StringComparison.Ordinal);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_huge_response_body_is_read_only_up_to_the_cap(bool announceLength)
    {
        var ct = TestContext.Current.CancellationToken;
        const int TenMegabytes = 10 * 1024 * 1024;
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        await using var receiver = await LoopbackServer.StartAsync(async (context, token) =>
        {
            context.Response.StatusCode = 500;
            if (announceLength)
                context.Response.ContentLength = TenMegabytes;
            for (var written = 0; written < TenMegabytes; written += chunk.Length)
                await context.Response.Body.WriteAsync(chunk, token);
        }, ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(maxResponseBytes: 1000), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.Equal(500, result.StatusCode);
        Assert.Equal(new string('x', 1000), result.ResponseExcerpt);
        Assert.True(result.ResponseTruncated);
        // What came off the socket: headers, the excerpt and a read buffer or so; not 10 MB, nor the 1 MB
        // the handler would drain by default to reuse the connection.
        Assert.InRange(host.Connections.BytesRead, 1000, 256 * 1024);
    }
}
