using ClbWorker.Polling;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent;

namespace ClbWorker.UnitTests.Polling;

public class KeyBacklogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static KeyBacklog NewBacklog() => new(new RateLimitKey("default", "clb.tencentcloudapi.com"),
        new TencentAccount("default", new TencentCredentials("AKIDUNIT", "unit-key"), null, 20));

    private static ClaimedTask Task(long id) => new(id, $"task-{id}", "ap-guangzhou", "default", 0, T0, null, null);

    [Fact]
    public void A_task_that_came_back_after_a_missed_slot_is_released_by_its_first_claim_time_even_behind_newer_ones()
    {
        var backlog = NewBacklog();
        backlog.Add([Task(2), Task(3)], 10);
        // Claimed first, missed its slot, and came back at the end of the queue with the time it was claimed.
        backlog.Add([Task(1)], 0);

        var stale = backlog.TakeStale(claimedAt => claimedAt < 5);

        Assert.Equal([1L], stale.Select(t => t.Id));
        Assert.Equal(2, backlog.Count);
        Assert.Equal(2L, backlog.Take().Task.Id);
        Assert.Equal(3L, backlog.Take().Task.Id);
    }

    [Fact]
    public void Taking_everything_empties_the_backlog_in_claim_order()
    {
        var backlog = NewBacklog();
        backlog.Add([Task(1), Task(2)], 0);
        backlog.Add([Task(3)], 1);

        Assert.Equal([1L, 2L, 3L], backlog.TakeAll().Select(t => t.Id));
        Assert.Equal(0, backlog.Count);
    }
}
