using ClbWorker.Api;
using ClbWorker.Tasks.Api;

namespace ClbWorker.UnitTests.Api;

public sealed class TaskListQueryTests
{
    private static readonly TaskListParameters None = new(null, null, null, null, null, null, null, null, null);

    private static (TaskListQuery? Query, Dictionary<string, string[]> Errors) Parse(TaskListParameters parameters, params string[] names)
    {
        TaskListQuery.TryParse(parameters, names, out var query, out var errors);
        return (query, errors);
    }

    [Fact]
    public void No_parameters_mean_every_task_50_at_a_time_from_the_newest()
    {
        var (query, errors) = Parse(None);

        Assert.Empty(errors);
        Assert.Equal(new TaskListQuery(new ClbWorker.Tasks.TaskFilter(null, null, null, null, null), 50, null), query);
    }

    [Fact]
    public void Filters_are_taken_as_given()
    {
        var (query, _) = Parse(None with
        {
            State = "timed_out", Region = "ap-shanghai-fsi", Account = "prod.eu", TaskId = "abc", CreatedAfter = "2026-11-28T10:00:00+08:00", Limit = "500",
        }, "state", "region", "account", "taskId", "createdAfter", "limit");

        Assert.Equal(new ClbWorker.Tasks.TaskFilter("timed_out", "ap-shanghai-fsi", "prod.eu", "abc",
            new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)), query!.Filter);
        Assert.Equal(500, query.Limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("100000")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Limit_must_be_an_integer_from_1_to_500(string limit)
    {
        var (query, errors) = Parse(None with { Limit = limit }, "limit");

        Assert.Null(query);
        Assert.Contains("from 1 to 500", Assert.Single(errors["limit"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_parameters_and_bad_filters_are_all_named()
    {
        var (_, errors) = Parse(None with { State = "done", Region = "Guangzhou", Account = "a b", TaskId = "a\tb", CreatedAfter = "yesterday" },
            "state", "region", "account", "taskId", "createdAfter", "stat");

        Assert.Equal(["account", "createdAfter", "region", "stat", "state", "taskId"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("pending, succeeded, failed, timed_out, invalid, cancelled", errors["state"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_cursor_continues_below_its_last_id()
    {
        var filter = new ClbWorker.Tasks.TaskFilter("failed", null, null, null, null);
        var (query, errors) = Parse(None with { State = "failed", Cursor = PageCursor.Encode(PagedList.Tasks, 77, filter.Canonical) }, "state", "cursor");

        Assert.Empty(errors);
        Assert.Equal(77, query!.BeforeId);
    }

    [Fact]
    public void A_deal_name_filters_deal_name_tasks_but_not_together_with_a_task_id()
    {
        var (query, _) = Parse(None with { DealName = "20240101abcd" }, "dealName");
        var (_, errors) = Parse(None with { DealName = "20240101abcd", TaskId = "abc" }, "dealName", "taskId");

        Assert.Equal("20240101abcd", query!.Filter.DealName);
        Assert.Null(query.Filter.TaskId);
        Assert.StartsWith("dealName and taskId are both given", Assert.Single(errors["dealName"]), StringComparison.Ordinal);
    }
}
