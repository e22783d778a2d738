using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Webhooks.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using static ClbWorker.IntegrationTests.Webhooks.Sending.SenderScenario;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

public class WebhookSenderTimeoutTests
{
    [Fact]
    public async Task A_hanging_receiver_is_cut_at_the_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.Hang, ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(timeout: "00:00:01"), ct);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var result = await Send(host, receiver.BaseAddress);

        Assert.True(result.TimedOut);
        Assert.Null(result.StatusCode);
        Assert.Equal("no response within 1 s (Webhooks:Timeout)", result.Error);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task The_timeout_runs_on_the_injected_clock()
    {
        // Two minutes: were the timeout on the real clock, the 10-second wait below would fail.
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.Hang, ct);
        var time = new FakeTimeProvider(Start);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(timeout: "00:02:00"), ct, time);

        var call = Send(host, receiver.BaseAddress);
        await receiver.FirstRequest.WaitAsync(ct);
        time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50, ct); // lets a premature timeout surface before the check below
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.True(result.TimedOut);
        Assert.Equal(TimeSpan.FromMinutes(2), result.Duration);
    }

    [Fact]
    public async Task A_connection_that_cannot_be_made_in_time_is_a_timeout_naming_the_connect_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = Configuration(timeout: "00:00:05");
        configuration["Webhooks:ConnectTimeout"] = "00:00:00.200";
        // Resolution is part of connecting; one that never answers stands in for a black-holed address.
        await using var host = await WebhookSenderHost.StartAsync(configuration, ct,
            resolve: async (_, token) => { await Task.Delay(Timeout.Infinite, token); return []; });

        var result = await Send(host, new Uri("http://slow-dns.internal.test:8080/"));

        Assert.True(result.TimedOut);
        Assert.Equal("connecting to slow-dns.internal.test:8080 timed out after 0.2 s (Webhooks:ConnectTimeout)", result.Error);
        Assert.Empty(host.Connections.Attempts);
    }

    [Fact]
    public async Task A_success_whose_body_never_ends_stays_a_success_once_the_timeout_cuts_the_body()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(async (context, token) =>
        {
            context.Response.StatusCode = 200;
            await context.Response.WriteAsync("accepted", token);
            await context.Response.Body.FlushAsync(token);
            await Task.Delay(Timeout.Infinite, token);
        }, ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(timeout: "00:00:01"), ct);

        var result = await Send(host, receiver.BaseAddress);

        Assert.True(result.IsSuccess);
        Assert.False(result.TimedOut);
        Assert.Equal("accepted", result.ResponseExcerpt);
        Assert.Equal("the response body did not end within 1 s (Webhooks:Timeout)", result.Error);
    }

    [Fact]
    public async Task Caller_cancellation_propagates_instead_of_becoming_a_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.Hang, ct);
        await using var host = await WebhookSenderHost.StartAsync(Configuration(), ct, new FakeTimeProvider(Start));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var call = host.Sender.SendAsync(receiver.BaseAddress, MessageId, Body, [WebhookSecret.Generate()], caller.Token);
        await receiver.FirstRequest.WaitAsync(ct);
        await caller.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal(caller.Token, error.CancellationToken);
    }
}
