using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>The fake clock stands still unless advanced, so "inside one second" is exact, however slow the machine.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Twenty_one_requests_inside_one_second_accept_exactly_twenty_and_reject_the_twenty_first()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answers = new List<ApiAnswer>();
        for (var i = 0; i < 21; i++)
        {
            answers.Add(await sim.CallAsync(SignedCall.Poll(taskId)));
            sim.Clock.Advance(TimeSpan.FromMilliseconds(45)); // 20 gaps of 45 ms: the 21st arrives at +900 ms
        }

        Assert.All(answers.Take(20), a => Assert.Null(a.ErrorCode));
        Assert.Equal("RequestLimitExceeded", answers[20].ErrorCode);
    }

    [Fact]
    public async Task Concurrent_burst_of_twenty_one_gets_twenty_answers_and_one_RequestLimitExceeded()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answers = await Task.WhenAll(Enumerable.Range(0, 21).Select(_ => sim.CallAsync(SignedCall.Poll(taskId))));

        Assert.Equal(20, answers.Count(a => a.ErrorCode is null));
        Assert.Equal(1, answers.Count(a => a.ErrorCode == "RequestLimitExceeded"));
    }

    [Fact]
    public async Task Allowance_returns_only_when_the_oldest_request_is_a_full_second_old()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 20; i++)
            Assert.Null((await sim.CallAsync(SignedCall.Poll(taskId))).ErrorCode);

        sim.Clock.Advance(TimeSpan.FromMilliseconds(999));
        var justBefore = await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var atOneSecond = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal("RequestLimitExceeded", justBefore.ErrorCode);
        Assert.Null(atOneSecond.ErrorCode);
    }

    [Fact]
    public async Task Limit_is_counted_separately_per_SecretId_host_and_action()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 20; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));

        var sameKey = await sim.CallAsync(SignedCall.Poll(taskId));
        var otherSecretId = await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = TestCredentials.Secondary });
        var otherHost = await sim.CallAsync(SignedCall.Poll(taskId) with { Host = $"localhost:{sim.BaseAddress.Port}" });
        var otherAction = await sim.CallAsync(new SignedCall { Action = "DeleteListener", Body = """{"LoadBalancerId":"lb-1"}""" });

        Assert.Equal("RequestLimitExceeded", sameKey.ErrorCode);
        Assert.Null(otherSecretId.ErrorCode);
        Assert.Null(otherHost.ErrorCode);
        Assert.Null(otherAction.ErrorCode);
    }

    [Fact]
    public async Task Requests_failing_authentication_do_not_use_the_allowance()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 10; i++)
            Assert.Equal("AuthFailure.SignatureFailure", (await sim.CallAsync(SignedCall.Poll(taskId) with { SigningKey = "wrong" })).ErrorCode);

        var answers = new List<ApiAnswer>();
        for (var i = 0; i < 20; i++)
            answers.Add(await sim.CallAsync(SignedCall.Poll(taskId)));

        Assert.All(answers, a => Assert.Null(a.ErrorCode));
    }

    [Fact]
    public async Task Rejected_requests_do_not_use_the_allowance_either()
    {
        await using var sim = await RunningSimulator.StartAsync(new SimulatorOptions { Credentials = { TestCredentials.Primary }, RateLimitPerSecond = 3 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 3; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromMilliseconds(500));
        for (var i = 0; i < 5; i++)
            Assert.Equal("RequestLimitExceeded", (await sim.CallAsync(SignedCall.Poll(taskId))).ErrorCode);

        sim.Clock.Advance(TimeSpan.FromMilliseconds(500)); // the three accepted ones leave the window; the rejections never entered it
        var answers = new List<ApiAnswer>();
        for (var i = 0; i < 3; i++)
            answers.Add(await sim.CallAsync(SignedCall.Poll(taskId)));

        Assert.All(answers, a => Assert.Null(a.ErrorCode));
    }

    [Fact]
    public async Task Configured_limit_replaces_the_default_twenty()
    {
        await using var sim = await RunningSimulator.StartAsync(new SimulatorOptions { Credentials = { TestCredentials.Primary }, RateLimitPerSecond = 5 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answers = new List<ApiAnswer>();
        for (var i = 0; i < 6; i++)
            answers.Add(await sim.CallAsync(SignedCall.Poll(taskId)));

        Assert.Equal(5, answers.Count(a => a.ErrorCode is null));
        Assert.Equal("RequestLimitExceeded", answers[5].ErrorCode);
    }

    [Fact]
    public async Task On_the_real_clock_a_burst_of_twenty_one_also_gets_exactly_one_RequestLimitExceeded()
    {
        // The monotonic clock of TimeProvider.System ticks at Stopwatch frequency, not TimeSpan ticks. A warm-up call
        // on another key pays for connection set-up and JIT first, so the burst itself takes milliseconds, far inside
        // the one-second window.
        await using var sim = await RunningSimulator.StartAsync(TestCredentials.Options(), TimeProvider.System);
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        await sim.CallAsync(SignedCall.Poll(taskId) with { Credential = TestCredentials.Secondary });

        var answers = await Task.WhenAll(Enumerable.Range(0, 21).Select(_ => sim.CallAsync(SignedCall.Poll(taskId))));

        Assert.Equal(20, answers.Count(a => a.ErrorCode is null));
        Assert.Equal(1, answers.Count(a => a.ErrorCode == "RequestLimitExceeded"));
    }
}
