using System.Text.Json;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class MutatingActionTests
{
    private static SimulatorOptions Options(double failureRate)
    {
        var options = TestCredentials.Options();
        options.ActionTaskMinDelay = TimeSpan.FromSeconds(1);
        options.ActionTaskMaxDelay = TimeSpan.FromSeconds(5);
        options.ActionTaskFailureRate = failureRate;
        return options;
    }

    [Fact]
    public async Task CreateListener_returns_a_request_id_that_later_resolves_as_a_succeeded_task()
    {
        await using var sim = await RunningSimulator.StartAsync(Options(failureRate: 0));

        var created = await sim.CallAsync(new SignedCall
        {
            Action = "CreateListener",
            Body = """{"LoadBalancerId":"lb-12345678","Ports":[80,443],"Protocol":"TCP"}""",
        });
        var running = await sim.CallAsync(SignedCall.Poll(created.RequestId));
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        var finished = await sim.CallAsync(SignedCall.Poll(created.RequestId));

        Assert.Null(created.ErrorCode);
        var listenerIds = created.Response.GetProperty("ListenerIds").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, listenerIds.Count);
        Assert.All(listenerIds, id => Assert.Matches("^lbl-[a-z0-9]{8}$", id));
        Assert.Equal(2, running.Status);
        Assert.Equal(0, finished.Status);
    }

    [Fact]
    public async Task Action_tasks_fail_at_the_configured_rate()
    {
        await using var sim = await RunningSimulator.StartAsync(Options(failureRate: 1));

        var deleted = await sim.CallAsync(new SignedCall { Action = "DeleteRule", Body = """{"LoadBalancerId":"lb-1","ListenerId":"lbl-1"}""" });
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        var finished = await sim.CallAsync(SignedCall.Poll(deleted.RequestId));

        Assert.Equal(["RequestId"], deleted.Response.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, finished.Status);
    }

    [Theory]
    [InlineData("CreateLoadBalancer", "LoadBalancerIds")]
    [InlineData("DeleteLoadBalancers", null)]
    [InlineData("CreateListener", "ListenerIds")]
    [InlineData("DeleteListener", null)]
    [InlineData("CreateRule", "LocationIds")]
    [InlineData("DeleteRule", null)]
    [InlineData("RegisterTargets", null)]
    [InlineData("DeregisterTargets", null)]
    [InlineData("BatchRegisterTargets", null)]
    [InlineData("BatchDeregisterTargets", null)]
    [InlineData("ModifyListener", null)]
    public async Task Every_mutating_action_starts_a_task_polled_by_its_request_id(string action, string? idsField)
    {
        await using var sim = await RunningSimulator.StartAsync(Options(failureRate: 0));

        var answer = await sim.CallAsync(new SignedCall { Action = action, Region = "ap-singapore" });
        var task = sim.State.FindTask(answer.RequestId);
        var poll = await sim.CallAsync(SignedCall.Poll(answer.RequestId, region: "ap-singapore"));

        Assert.Null(answer.ErrorCode);
        Assert.NotNull(task);
        Assert.Equal("ap-singapore", task.Region);
        Assert.InRange(task.CompletesAt!.Value - task.CreatedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal(2, poll.Status);
        if (idsField is null)
            Assert.Equal(["RequestId"], answer.Response.EnumerateObject().Select(p => p.Name));
        else
            Assert.Equal(JsonValueKind.Array, answer.Response.GetProperty(idsField).ValueKind);
    }

    [Fact]
    public async Task Mutating_actions_are_authenticated_like_DescribeTaskStatus()
    {
        await using var sim = await RunningSimulator.StartAsync(Options(failureRate: 0));

        var answer = await sim.CallAsync(new SignedCall { Action = "CreateLoadBalancer", SigningKey = "wrong" });

        Assert.Equal("AuthFailure.SignatureFailure", answer.ErrorCode);
        Assert.Null(sim.State.FindTask(answer.RequestId));
    }

    [Fact]
    public async Task Mutating_actions_have_their_own_rate_limit()
    {
        await using var sim = await RunningSimulator.StartAsync(Options(failureRate: 0));

        var answers = new List<ApiAnswer>();
        for (var i = 0; i < 21; i++)
            answers.Add(await sim.CallAsync(new SignedCall { Action = "RegisterTargets" }));

        Assert.Equal(20, answers.Count(a => a.ErrorCode is null));
        Assert.Equal("RequestLimitExceeded", answers[20].ErrorCode);
        Assert.Null(sim.State.FindTask(answers[20].RequestId));
    }
}
