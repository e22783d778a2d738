using ClbWorker.Events;
using ClbWorker.Events.Api;

namespace ClbWorker.UnitTests.Events;

public sealed class EventStreamQueryTests
{
    private static readonly EventStreamParameters None = new(null, null, null, null, null, null);

    [Fact]
    public void Filters_states_polls_and_the_resume_id_are_read()
    {
        var parameters = None with { Account = "prod", Region = "ap-guangzhou", TaskId = "t-1", State = "failed, timed_out", Polls = "true", LastEventId = "42" };

        Assert.True(EventStreamQuery.TryParse(parameters, ["account", "region", "taskId", "state", "polls"], out var query, out _));

        Assert.Equal(("prod", "ap-guangzhou", "t-1", true), (query!.Filter.Account, query.Filter.Region, query.Filter.TaskId, query.Filter.Polls));
        Assert.Equal(["failed", "timed_out"], query.Filter.States!);
        Assert.Equal(42, query.After);
    }

    [Theory]
    [InlineData("status", null, null)]
    [InlineData("state", "finished", null)]
    [InlineData("polls", null, "maybe")]
    public void Unknown_filters_and_bad_values_name_the_parameter(string name, string? state, string? polls)
    {
        var parameters = None with { State = state, Polls = polls };

        Assert.False(EventStreamQuery.TryParse(parameters, [name], out _, out var errors));
        Assert.Contains(name, errors.Keys);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void A_malformed_last_event_id_names_the_header(string id)
    {
        Assert.False(EventStreamQuery.TryParse(None with { LastEventId = id }, [], out _, out var errors));
        Assert.Contains("Last-Event-ID", errors.Keys);
    }

    [Fact]
    public void The_filter_skips_poll_events_unless_asked_and_matches_states()
    {
        var polled = new TaskEvent(1, 7, TaskEvent.PolledType, "default", "ap-guangzhou", "t-1", "pending", "{}");
        var failed = polled with { Id = 2, Type = "task.failed", State = "failed" };

        Assert.False(EventFilter.All.Matches(polled));
        Assert.True(EventFilter.All.Matches(failed));
        Assert.True((EventFilter.All with { Polls = true }).Matches(polled));
        Assert.False((EventFilter.All with { States = ["succeeded"] }).Matches(failed));
        Assert.False((EventFilter.All with { Region = "ap-shanghai" }).Matches(failed));
    }
}
