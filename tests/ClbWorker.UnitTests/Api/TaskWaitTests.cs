using ClbWorker.Tasks.Api;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskWaitTests
{
    [Theory]
    [InlineData("PT0S", 0)]
    [InlineData("PT30S", 30)]
    [InlineData("PT1M", 60)]
    [InlineData("PT0.5S", 0.5)]
    public void Durations_up_to_a_minute_are_waits(string text, double seconds)
    {
        Assert.True(TaskWait.TryParse(text, out var wait, out _));
        Assert.Equal(TimeSpan.FromSeconds(seconds), wait);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("-PT5S")]
    [InlineData("PT61S")]
    [InlineData("PT2M")]
    [InlineData("P1M")]
    [InlineData("soon")]
    public void Anything_else_is_refused_saying_what_is_allowed(string text)
    {
        Assert.False(TaskWait.TryParse(text, out _, out var problem));
        Assert.Contains("PT0S to PT60S", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_wait_needs_task_id_and_region()
    {
        var parameters = new TaskListParameters(null, null, null, "abc", null, null, null, null, "PT5S");

        Assert.False(TaskListQuery.TryParse(parameters, ["taskId", "wait"], out _, out var errors));
        Assert.True(TaskListQuery.TryParse(parameters with { Region = "ap-guangzhou" }, ["taskId", "region", "wait"], out var query, out _));
        Assert.Contains("wait", errors.Keys);
        Assert.Equal(TimeSpan.FromSeconds(5), query!.Wait);
    }
}
