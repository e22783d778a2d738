using System.Diagnostics;
using ClbWorker.Tencent.Client;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Tencent;

public class ClbApiClientTimeoutTests
{
    private static Dictionary<string, string?> Configuration(Uri endpoint, string timeout = "00:00:01") => new()
    {
        ["Tencent:SecretId"] = "AKIDtimeouts",
        ["Tencent:SecretKey"] = "key",
        ["Tencent:Endpoint"] = endpoint.ToString(),
        ["Tencent:Timeout"] = timeout,
    };

    [Fact]
    public async Task Hanging_server_times_out_exactly_when_the_configured_timeout_elapses_on_the_injected_clock()
    {
        // Five minutes: were the timeout on the real clock, the 10-second wait below would fail.
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Hang, ct);
        var time = new FakeTimeProvider();
        await using var host = await TencentClientHost.StartAsync(Configuration(server.BaseAddress, "00:05:00"), time, ct);

        var call = host.Client.DescribeTaskStatusAsync(host.DefaultAccount, "ap-guangzhou", "task-1", ct);
        await server.FirstRequest.WaitAsync(ct);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50, ct); // lets a premature timeout surface before the check below
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(new RequestTimedOut(TimeSpan.FromMinutes(5)) { Elapsed = TimeSpan.FromMinutes(5), SecretId = "AKIDtimeouts" }, result);
    }

    [Fact]
    public async Task Hanging_server_times_out_within_about_the_timeout_on_the_real_clock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Hang, ct);
        await using var host = await TencentClientHost.StartAsync(Configuration(server.BaseAddress), time: null, ct);
        var stopwatch = Stopwatch.StartNew();

        var result = await host.Client.DescribeTaskStatusAsync(host.DefaultAccount, "ap-guangzhou", "task-1", ct);

        Assert.IsType<RequestTimedOut>(result);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Caller_cancellation_propagates_instead_of_becoming_a_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await LoopbackServer.StartAsync(LoopbackServer.Hang, ct);
        await using var host = await TencentClientHost.StartAsync(Configuration(server.BaseAddress), new FakeTimeProvider(), ct);
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var call = host.Client.DescribeTaskStatusAsync(host.DefaultAccount, "ap-guangzhou", "task-1", caller.Token);
        await server.FirstRequest.WaitAsync(ct);
        await caller.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10), ct));
        Assert.Equal(caller.Token, error.CancellationToken);
    }
}
