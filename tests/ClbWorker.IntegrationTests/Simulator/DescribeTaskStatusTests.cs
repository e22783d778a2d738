using System.Text.Json;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class DescribeTaskStatusTests
{
    [Fact]
    public async Task Correctly_signed_poll_is_accepted_and_the_task_moves_from_running_to_succeeded_after_its_delay()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { delay = "00:00:30", outcome = "succeeded" });

        var before = await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromSeconds(29));
        var stillRunning = await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Null(before.ErrorCode);
        Assert.Equal(2, before.Status);
        Assert.Equal(2, stillRunning.Status);
        Assert.Equal(0, after.Status);
    }

    [Fact]
    public async Task Failed_outcome_reports_status_1_once_the_delay_has_passed()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { delay = "00:00:05", outcome = "failed" });

        var before = await sim.CallAsync(SignedCall.Poll(taskId));
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        var after = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal(2, before.Status);
        Assert.Equal(1, after.Status);
    }

    [Fact]
    public async Task Never_outcome_stays_running()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        sim.Clock.Advance(TimeSpan.FromDays(3));
        var answer = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal(2, answer.Status);
    }

    [Fact]
    public async Task Unknown_outcome_gives_an_id_the_api_answers_InvalidParameter_for()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "unknown" });

        var answer = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal("InvalidParameter", answer.ErrorCode);
        Assert.Contains(taskId, answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_polled_from_another_region_answers_InvalidParameter()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { region = "ap-shanghai" });

        var elsewhere = await sim.CallAsync(SignedCall.Poll(taskId, region: "ap-guangzhou"));
        var home = await sim.CallAsync(SignedCall.Poll(taskId, region: "ap-shanghai"));

        Assert.Equal("InvalidParameter", elsewhere.ErrorCode);
        Assert.Equal(0, home.Status);
    }

    [Fact]
    public async Task Success_envelope_has_the_real_fields_and_a_fresh_request_id_each_answer()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var taskId = await sim.CreateTaskAsync(new { outcome = "never" });

        var first = await sim.CallAsync(SignedCall.Poll(taskId));
        var second = await sim.CallAsync(SignedCall.Poll(taskId));

        Assert.Equal(["Status", "LoadBalancerIds", "Message", "RequestId"], first.Response.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, first.Response.GetProperty("LoadBalancerIds").ValueKind);
        Assert.Equal(JsonValueKind.Null, first.Response.GetProperty("Message").ValueKind);
        Assert.True(Guid.TryParse(first.RequestId, out _));
        Assert.NotEqual(first.RequestId, second.RequestId);
        Assert.NotEqual(taskId, first.RequestId);
    }

    [Fact]
    public async Task Error_envelope_has_code_message_and_a_fresh_request_id()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var first = await sim.CallAsync(SignedCall.Poll("no-such-task"));
        var second = await sim.CallAsync(SignedCall.Poll("no-such-task"));

        Assert.Equal(["Error", "RequestId"], first.Response.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["Code", "Message"], first.Response.GetProperty("Error").EnumerateObject().Select(p => p.Name));
        Assert.NotEqual(first.RequestId, second.RequestId);
    }

    [Fact]
    public async Task Missing_TaskId_answers_MissingParameter()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(new SignedCall { Body = "{}" });

        Assert.Equal("MissingParameter", answer.ErrorCode);
        Assert.Contains("TaskId", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_parameter_answers_UnknownParameter()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(new SignedCall { Body = """{"taskId":"x"}""" });

        Assert.Equal("UnknownParameter", answer.ErrorCode);
        Assert.Contains("taskId", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskId_that_is_not_a_string_answers_InvalidParameterValue()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(new SignedCall { Body = """{"TaskId":42}""" });

        Assert.Equal("InvalidParameterValue", answer.ErrorCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"TaskId\"")]
    [InlineData("""{"TaskId":"x" """)]
    public async Task Body_that_is_not_a_json_object_answers_InvalidParameter(string body)
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(new SignedCall { Body = body });

        Assert.Equal("InvalidParameter", answer.ErrorCode);
        Assert.Contains("JSON", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_region_answers_MissingParameter()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(SignedCall.Poll("x") with { Region = null });

        Assert.Equal("MissingParameter", answer.ErrorCode);
        Assert.Contains("X-TC-Region", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Region_clb_does_not_serve_answers_UnsupportedRegion()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(SignedCall.Poll("x") with { Region = "guangzhou" });

        Assert.Equal("UnsupportedRegion", answer.ErrorCode);
    }
}
