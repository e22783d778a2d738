using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class FaultTests
{
    private static Task<RunningSimulator> StartAsync(SimulatorFaults faults)
    {
        var options = TestCredentials.Options();
        options.Faults = faults;
        return RunningSimulator.StartAsync(options);
    }

    [Fact]
    public async Task Server_error_fault_answers_502_with_an_html_page()
    {
        await using var sim = await StartAsync(new SimulatorFaults { ServerErrorRate = 1 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        using var response = await sim.SendAsync(SignedCall.Poll(taskId));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("502 Bad Gateway", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(1, sim.StatsFor(TestCredentials.Primary).FaultsByKind[SimulatorFaultKind.ServerError]);
    }

    [Fact]
    public async Task Internal_error_fault_answers_the_InternalError_envelope()
    {
        await using var sim = await StartAsync(new SimulatorFaults { InternalErrorRate = 1 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal("InternalError", answer.ErrorCode);
        Assert.Equal(1, sim.StatsFor(TestCredentials.Primary).FaultsByKind[SimulatorFaultKind.InternalError]);
    }

    [Fact]
    public async Task Malformed_json_fault_answers_200_with_a_body_that_does_not_parse()
    {
        await using var sim = await StartAsync(new SimulatorFaults { MalformedJsonRate = 1 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        using var response = await sim.SendAsync(SignedCall.Poll(taskId));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"Response\":", body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Connection_drop_fault_ends_the_connection_without_an_answer()
    {
        await using var sim = await StartAsync(new SimulatorFaults { ConnectionDropRate = 1 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        await Assert.ThrowsAsync<HttpRequestException>(() => sim.SendAsync(SignedCall.Poll(taskId)));
        var stats = sim.StatsFor(TestCredentials.Primary);

        Assert.Equal(1, stats.FaultsByKind[SimulatorFaultKind.ConnectionDrop]);
        Assert.Equal((1, 0), (stats.Faulted, stats.Abandoned));
    }

    [Fact]
    public async Task Hung_request_is_answered_normally_once_the_hang_duration_has_passed()
    {
        await using var sim = await StartAsync(new SimulatorFaults { HangRate = 1, HangDuration = TimeSpan.FromSeconds(30) });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var pending = sim.CallAsync(SignedCall.Poll(taskId));
        await RunningSimulator.EventuallyAsync(() => sim.State.GetStats().Keys.Any(k => k.FaultsByKind.ContainsKey(SimulatorFaultKind.Hang)), "the request hangs");
        sim.Clock.Advance(TimeSpan.FromSeconds(29));
        var stillHanging = await RunningSimulator.StillPendingAsync(pending);
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var answer = await pending;

        Assert.True(stillHanging);
        Assert.Equal(2, answer.Status);
        Assert.Equal(1, sim.StatsFor(TestCredentials.Primary).Accepted);
    }

    [Fact]
    public async Task Hung_request_is_released_when_the_client_gives_up()
    {
        await using var sim = await StartAsync(new SimulatorFaults { HangRate = 1 });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var pending = sim.SendCancellableAsync(SignedCall.Poll(taskId), giveUp.Token);
        await RunningSimulator.EventuallyAsync(() => sim.State.GetStats().Keys.Any(k => k.FaultsByKind.ContainsKey(SimulatorFaultKind.Hang)), "the request hangs");
        await giveUp.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await RunningSimulator.EventuallyAsync(() => sim.StatsFor(TestCredentials.Primary).Abandoned == 1, "the server notices the client left");
    }

    [Fact]
    public async Task Added_latency_delays_every_answer_by_the_configured_time()
    {
        await using var sim = await StartAsync(new SimulatorFaults { AddedLatency = TimeSpan.FromSeconds(2) });
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var pending = sim.CallAsync(SignedCall.Poll(taskId));
        await RunningSimulator.EventuallyAsync(() => sim.State.GetStats().Keys.Any(k => k.FaultsByKind.ContainsKey(SimulatorFaultKind.Latency)), "the request is delayed");
        sim.Clock.Advance(TimeSpan.FromMilliseconds(1999));
        var stillWaiting = await RunningSimulator.StillPendingAsync(pending);
        sim.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var answer = await pending;

        Assert.True(stillWaiting);
        Assert.Equal(2, answer.Status);
    }

    [Fact]
    public async Task Faults_set_through_the_admin_route_apply_to_the_next_request_and_can_be_cleared()
    {
        await using var sim = await StartAsync(new SimulatorFaults());
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        using var set = await sim.Http.PutAsJsonAsync("/_sim/faults", new { internalErrorRate = 1.0 }, TestContext.Current.CancellationToken);
        var faulted = await sim.CallAsync(SignedCall.Poll(taskId));
        using var clear = await sim.Http.PutAsJsonAsync("/_sim/faults", new { }, TestContext.Current.CancellationToken);
        var normal = await sim.CallAsync(SignedCall.Poll(taskId));
        var current = await sim.Http.GetFromJsonAsync<JsonElement>("/_sim/faults", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("InternalError", faulted.ErrorCode);
        Assert.Null(normal.ErrorCode);
        Assert.Equal(0, current.GetProperty("internalErrorRate").GetDouble());
        Assert.Equal("00:05:00", current.GetProperty("hangDuration").GetString());
    }

    [Theory]
    [InlineData("""{"serverErrorRate":1.5}""", "serverErrorRate")]
    [InlineData("""{"hangRate":-0.1}""", "hangRate")]
    [InlineData("""{"hangDuration":"00:00:00"}""", "hangDuration")]
    [InlineData("""{"addedLatency":"01:00:00"}""", "addedLatency")]
    [InlineData("""{"hangRat":0.5}""", "hangRat")]
    [InlineData("""{"malformedJsonRate":"half"}""", "malformedJsonRate")]
    public async Task Invalid_fault_settings_are_refused_with_a_problem_naming_the_field(string body, string field)
    {
        await using var sim = await StartAsync(new SimulatorFaults());
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await sim.Http.PutAsync("/_sim/faults", content, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var answer = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Null(answer.ErrorCode);
    }

    [Fact]
    public async Task Admin_routes_are_never_faulted()
    {
        await using var sim = await StartAsync(new SimulatorFaults { ConnectionDropRate = 1, ServerErrorRate = 1 });

        using var response = await sim.Http.GetAsync("/_sim/stats", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_same_seed_replays_the_same_faults()
    {
        async Task<string> PatternAsync(int seed)
        {
            var options = TestCredentials.Options();
            options.Seed = seed;
            options.RateLimitPerSecond = 1000;
            options.Faults = new SimulatorFaults { InternalErrorRate = 0.5 };
            await using var sim = await RunningSimulator.StartAsync(options);
            var taskId = await sim.CreateTaskAsync(new { outcome = "never" });
            var pattern = "";
            for (var i = 0; i < 40; i++)
                pattern += (await sim.CallAsync(SignedCall.Poll(taskId))).ErrorCode is null ? '.' : 'X';
            return pattern;
        }

        var first = await PatternAsync(seed: 7);
        var second = await PatternAsync(seed: 7);

        Assert.Equal(first, second);
        Assert.Contains('X', first);
        Assert.Contains('.', first);
    }
}
