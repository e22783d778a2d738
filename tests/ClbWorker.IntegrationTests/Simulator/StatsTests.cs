using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class StatsTests
{
    [Fact]
    public async Task Stats_count_requests_accepted_rejections_by_code_and_the_largest_one_second_window()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 21; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));
        await sim.CallAsync(SignedCall.Poll(taskId) with { SigningKey = "wrong" });

        var stats = sim.StatsFor(TestCredentials.Primary);

        Assert.Equal(22, stats.Requests);
        Assert.Equal(20, stats.Accepted);
        Assert.Equal(2, stats.Rejected);
        Assert.Equal(22, stats.LargestOneSecondArrivals);
        Assert.Equal(1, stats.RejectionsByCode["RequestLimitExceeded"]);
        Assert.Equal(1, stats.RejectionsByCode["AuthFailure.SignatureFailure"]);
        Assert.Equal(sim.BaseAddress.Authority, stats.Host);
    }

    [Fact]
    public async Task Largest_window_slides_over_arrival_times_instead_of_counting_calendar_seconds()
    {
        await using var sim = await RunningSimulator.StartAsync(new SimulatorOptions { Credentials = { TestCredentials.Primary }, RateLimitPerSecond = 100 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        sim.Clock.Advance(TimeSpan.FromMilliseconds(600));
        for (var i = 0; i < 10; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromMilliseconds(500)); // next calendar second, same sliding second
        for (var i = 0; i < 10; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromMilliseconds(500)); // the first ten have left the window
        for (var i = 0; i < 5; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal(20, sim.StatsFor(TestCredentials.Primary).LargestOneSecondArrivals);
    }

    [Fact]
    public async Task Largest_window_includes_rejected_and_faulted_arrivals()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 25; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));
        sim.State.SetFaults(new SimulatorFaults { InternalErrorRate = 1 });
        for (var i = 0; i < 5; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));

        var stats = sim.StatsFor(TestCredentials.Primary);

        Assert.Equal(30, stats.LargestOneSecondArrivals);
        Assert.Equal(5, stats.Faulted);
        Assert.Equal(5, stats.FaultsByKind[SimulatorFaultKind.InternalError]);
        Assert.Equal(stats.Requests, stats.Accepted + stats.Rejected + stats.Faulted + stats.Abandoned);
    }

    [Fact]
    public async Task Counters_stay_exact_under_heavy_concurrency()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answers = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => sim.CallAsync(SignedCall.Poll(taskId))));
        var stats = sim.StatsFor(TestCredentials.Primary);

        Assert.Equal(20, answers.Count(a => a.ErrorCode is null));
        Assert.Equal(400, stats.Requests);
        Assert.Equal(20, stats.Accepted);
        Assert.Equal(380, stats.RejectionsByCode["RequestLimitExceeded"]);
        Assert.Equal(400, stats.LargestOneSecondArrivals);
    }

    [Fact]
    public async Task Stats_route_reports_keys_as_json_and_reset_starts_over()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        await sim.CallAsync(SignedCall.Poll(taskId));
        await sim.CallAsync(SignedCall.Poll("missing"));

        using var stats = JsonDocument.Parse(await sim.Http.GetStringAsync("/_sim/stats", TestContext.Current.CancellationToken));
        sim.Clock.Advance(TimeSpan.FromMinutes(1));
        using var reset = await sim.Http.PostAsync("/_sim/stats/reset", null, TestContext.Current.CancellationToken);
        var afterReset = await sim.Http.GetFromJsonAsync<JsonElement>("/_sim/stats", TestContext.Current.CancellationToken);

        var key = stats.RootElement.GetProperty("keys").EnumerateArray().Single();
        Assert.Equal(TestCredentials.Primary.SecretId, key.GetProperty("secretId").GetString());
        Assert.Equal(sim.BaseAddress.Authority, key.GetProperty("host").GetString());
        Assert.Equal("DescribeTaskStatus", key.GetProperty("action").GetString());
        Assert.Equal(2, key.GetProperty("requests").GetInt64());
        Assert.Equal(1, key.GetProperty("accepted").GetInt64());
        Assert.Equal(1, key.GetProperty("rejected").GetInt64());
        Assert.Equal(2, key.GetProperty("largestOneSecondArrivals").GetInt32());
        Assert.Equal(1, key.GetProperty("rejectionsByCode").GetProperty("InvalidParameter").GetInt64());
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(afterReset.GetProperty("keys").EnumerateArray());
        Assert.Equal(RunningSimulator.Epoch.AddMinutes(1), afterReset.GetProperty("since").GetDateTimeOffset());
    }

    [Fact]
    public async Task Reset_of_stats_does_not_grant_extra_requests()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        for (var i = 0; i < 20; i++)
            await sim.CallAsync(SignedCall.Poll(taskId));

        sim.State.ResetStats();
        var answer = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal("RequestLimitExceeded", answer.ErrorCode);
        Assert.Equal(1, sim.StatsFor(TestCredentials.Primary).Requests);
    }

    [Fact]
    public async Task Requests_that_cannot_be_attributed_to_a_SecretId_are_counted_under_an_empty_one()
    {
        await using var sim = await RunningSimulator.StartAsync();

        await sim.CallAsync(SignedCall.Poll("x") with { RewriteAuthorization = _ => "garbage" });

        var stats = sim.State.GetStats().For("", sim.BaseAddress.Authority);
        Assert.NotNull(stats);
        Assert.Equal(1, stats.RejectionsByCode["AuthFailure.InvalidAuthorization"]);
    }
}
