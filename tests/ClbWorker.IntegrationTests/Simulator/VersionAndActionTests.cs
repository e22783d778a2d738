namespace ClbWorker.IntegrationTests.Simulator;

public sealed class VersionAndActionTests
{
    [Theory]
    [InlineData("2017-03-12")]
    [InlineData("2018-3-17")]
    public async Task Other_version_answers_NoSuchVersion(string version)
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(SignedCall.Poll("x") with { Version = version });

        Assert.Equal("NoSuchVersion", answer.ErrorCode);
    }

    [Fact]
    public async Task Missing_version_answers_MissingParameter()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(SignedCall.Poll("x") with { Version = null });

        Assert.Equal("MissingParameter", answer.ErrorCode);
        Assert.Contains("X-TC-Version", answer.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DescribeLoadBalancers")]
    [InlineData("describetaskstatus")]
    public async Task Action_clb_does_not_have_answers_InvalidAction(string action)
    {
        await using var sim = await RunningSimulator.StartAsync();

        var answer = await sim.CallAsync(SignedCall.Poll("x") with { Action = action });

        Assert.Equal("InvalidAction", answer.ErrorCode);
    }
}
