using ClbWorker.Database;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Database;

/// <summary>
/// Each test ends with a two-row sentinel insert (payload "2"). Notifications arrive in commit order, so once the
/// sentinel's arrives, any notification of the earlier statements has arrived too: absence is proven without sleeping.
/// </summary>
public sealed class TaskNotificationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string ListenSql = "LISTEN " + ClbSchema.TasksEnqueuedChannel;

    private const string InsertManySql = """
        INSERT INTO clb.tasks (task_id, region)
        SELECT @prefix || '-' || n, 'ap-guangzhou' FROM generate_series(1, @count) AS n
        """;

    private const string EnqueueSql = "SELECT clb.enqueue_task(task_id => @taskId, region => 'ap-guangzhou')";

    private const string InsertIgnoringDuplicateSql = """
        INSERT INTO clb.tasks (task_id, region) VALUES (@taskId, 'ap-guangzhou')
        ON CONFLICT (account, region, task_id, task_kind) DO NOTHING
        """;

    [Fact]
    public async Task Inserting_one_row_notifies_once_with_count_1()
    {
        var received = await ListenWhileAsync(async connection =>
            await connection.ExecuteAsync(InsertManySql, new { prefix = Guid.NewGuid().ToString(), count = 1 }));

        Assert.Equal(["1", "2"], received);
    }

    [Fact]
    public async Task Inserting_10000_rows_in_one_statement_notifies_once_with_the_count()
    {
        var received = await ListenWhileAsync(async connection =>
            await connection.ExecuteAsync(InsertManySql, new { prefix = Guid.NewGuid().ToString(), count = 10_000 }));

        Assert.Equal(["10000", "2"], received);
    }

    [Fact]
    public async Task A_duplicate_that_inserts_nothing_sends_no_notification()
    {
        var received = await ListenWhileAsync(async connection =>
        {
            var taskId = Guid.NewGuid().ToString();
            await connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId });
            await connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId });
            await connection.ExecuteAsync(InsertIgnoringDuplicateSql, new { taskId });
        });

        Assert.Equal(["1", "2"], received);
    }

    private async Task<List<string>> ListenWhileAsync(Func<NpgsqlConnection, Task> act)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var listener = await database.DataSource.OpenConnectionAsync(cancellation);
        var received = new List<string>();
        listener.Notification += (_, notification) =>
        {
            Assert.Equal(ClbSchema.TasksEnqueuedChannel, notification.Channel);
            received.Add(notification.Payload);
        };
        await listener.ExecuteAsync(ListenSql);

        await using (var writer = await database.DataSource.OpenConnectionAsync(cancellation))
        {
            await act(writer);
            await writer.ExecuteAsync(InsertManySql, new { prefix = Guid.NewGuid().ToString(), count = 2 });
        }

        while (!received.Contains("2"))
        {
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10), cancellation), $"No sentinel notification; got [{string.Join(", ", received)}]");
        }

        return received;
    }
}
