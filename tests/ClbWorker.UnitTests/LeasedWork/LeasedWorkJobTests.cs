using ClbWorker.LeasedWork;

namespace ClbWorker.UnitTests.LeasedWork;

public class LeasedWorkJobTests
{
    [Theory]
    [InlineData("clb-poll:clb-host-42-a1b2c3", "clb-host-42-a1b2c3")]
    [InlineData("clb-webhooks:clb-x-1-000000", "clb-x-1-000000")]
    [InlineData("clb-retention", null)]
    [InlineData("clb-server-sweep", null)]
    [InlineData("clb-poll", null)]
    [InlineData("reports:clb-host-1-abcdef", null)]
    [InlineData("clb-poll:default", null)]
    public void The_server_queue_is_read_back_from_a_per_server_recurring_job_id_only(string id, string? queue) =>
        Assert.Equal(queue, LeasedWorkJob.QueueOf(id));

    [Fact]
    public void A_process_queue_name_is_one_hangfire_accepts_and_unique_per_start()
    {
        var first = ServerQueueName.ForThisProcess().Name;
        var second = ServerQueueName.ForThisProcess().Name;

        Assert.Matches("^clb-[a-z0-9-]+-[0-9]+-[0-9a-f]{6}$", first);
        Assert.NotEqual(first, second);
        Assert.Equal(first, LeasedWorkJob.QueueOf(LeasedWorkJob.RecurringJobId("poll", first)));
    }
}
