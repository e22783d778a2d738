using System.Text.Json;

namespace ClbWorker.IntegrationTests.Simulator;

/// <summary>Tasks polled by DealName, and the LoadBalancerIds and Message DescribeTaskStatus answers.</summary>
public sealed class DealNameTests
{
    private static string[] Ids(JsonElement response) =>
        [.. response.GetProperty("LoadBalancerIds").EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task A_deal_name_task_is_polled_by_DealName_only_and_answers_its_ids_and_failure_message()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var dealName = await sim.CreateTaskAsync(new
        {
            kind = "dealName", outcome = "failed", delay = "00:00:05", loadBalancerIds = new[] { "lb-aaaa1111" }, message = "insufficient balance",
        });

        var running = await sim.CallAsync(SignedCall.PollDeal(dealName));
        sim.Clock.Advance(TimeSpan.FromSeconds(5));
        var failed = await sim.CallAsync(SignedCall.PollDeal(dealName));
        var asTaskId = await sim.CallAsync(SignedCall.Poll(dealName));
        var both = await sim.CallAsync(new SignedCall { Body = $$"""{"TaskId":"x","DealName":"{{dealName}}"}""" });

        Assert.Matches(@"^\d{20}$", dealName);
        Assert.Equal((2, JsonValueKind.Null), (running.Status, running.Response.GetProperty("Message").ValueKind));
        Assert.Equal(["lb-aaaa1111"], Ids(running.Response));
        Assert.Equal((1, "insufficient balance"), (failed.Status, failed.Response.GetProperty("Message").GetString()));
        Assert.Equal("InvalidParameter", asTaskId.ErrorCode);
        Assert.Equal("InvalidParameter", both.ErrorCode);
    }

    [Fact]
    public async Task A_prepaid_CreateLoadBalancer_answers_a_DealName_whose_task_answers_the_new_ids()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var created = await sim.CallAsync(new SignedCall
        {
            Action = "CreateLoadBalancer", Body = """{"LoadBalancerType":"OPEN","LoadBalancerChargeType":"PREPAID","Number":2}""",
        });
        var dealName = created.Response.GetProperty("DealName").GetString()!;
        var status = await sim.CallAsync(SignedCall.PollDeal(dealName));
        var byRequestId = await sim.CallAsync(SignedCall.Poll(created.RequestId));

        Assert.Equal(2, Ids(created.Response).Length);
        Assert.Equal(Ids(created.Response), Ids(status.Response));
        Assert.Equal("InvalidParameter", byRequestId.ErrorCode);
    }

    [Fact]
    public async Task A_clone_answers_a_new_id_and_other_changes_answer_the_instances_they_touch()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var clone = await sim.CallAsync(new SignedCall { Action = "CloneLoadBalancer", Body = """{"LoadBalancerId":"lb-source1"}""" });
        var listener = await sim.CallAsync(new SignedCall { Action = "CreateListener", Body = """{"LoadBalancerId":"lb-touched","Ports":[80]}""" });
        var renew = await sim.CallAsync(new SignedCall { Action = "RenewLoadBalancers", Body = """{"LoadBalancerIds":["lb-r1","lb-r2"]}""" });

        var cloned = Ids(clone.Response);
        Assert.Equal(cloned, Ids((await sim.CallAsync(SignedCall.Poll(clone.RequestId))).Response));
        Assert.NotEqual("lb-source1", Assert.Single(cloned));
        Assert.Equal(["lb-touched"], Ids((await sim.CallAsync(SignedCall.Poll(listener.RequestId))).Response));
        Assert.Equal(["lb-r1", "lb-r2"], Ids((await sim.CallAsync(SignedCall.PollDeal(renew.Response.GetProperty("DealName").GetString()!))).Response));
    }
}
