using ClbWorker.Database;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// NOTIFY on <see cref="ClbSchema.WebhooksEnqueuedChannel"/>. This class makes no endpoints, so each finished task with a
/// callback is exactly one delivery. Each test ends by finishing a sentinel of three tasks (payload "3"): notifications
/// arrive in commit order, so once the sentinel's arrives any earlier one has too, and absence is proven without sleeping.
/// </summary>
public sealed class WebhookNotificationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task Finishing_tasks_in_one_statement_notifies_once_with_the_number_of_deliveries()
    {
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 5);

        var received = await ListenWhileAsync(connection => WebhookTestData.FinishAsync(connection, ids, TaskStates.Succeeded, WebhookTestData.Now()));

        Assert.Equal(["5", "3"], received);
    }

    [Fact]
    public async Task Updates_that_enqueue_nothing_notify_nothing()
    {
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 2);
        var (_, withoutCallback) = await WebhookTestData.InsertTasksAsync(database.DataSource, 2, callbackUrl: null);

        var received = await ListenWhileAsync(async connection =>
        {
            await connection.ExecuteAsync("UPDATE clb.tasks SET attempts = attempts + 1 WHERE id = ANY(@ids)", new { ids });
            await WebhookTestData.FinishAsync(connection, withoutCallback, TaskStates.Failed, WebhookTestData.Now());
        });

        Assert.Equal(["3"], received);
    }

    [Fact]
    public async Task A_rolled_back_transaction_notifies_nothing()
    {
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 2);

        var received = await ListenWhileAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await WebhookTestData.FinishAsync(connection, ids, TaskStates.Succeeded, WebhookTestData.Now(), transaction);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        });

        Assert.Equal(["3"], received);
    }

    private async Task<List<string>> ListenWhileAsync(Func<NpgsqlConnection, Task> act)
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, sentinel) = await WebhookTestData.InsertTasksAsync(database.DataSource, 3);
        await using var listener = await database.DataSource.OpenConnectionAsync(ct);
        var received = new List<string>();
        listener.Notification += (_, notification) =>
        {
            Assert.Equal(ClbSchema.WebhooksEnqueuedChannel, notification.Channel);
            received.Add(notification.Payload);
        };
        await listener.ExecuteAsync("LISTEN " + ClbSchema.WebhooksEnqueuedChannel);

        await using (var writer = await database.DataSource.OpenConnectionAsync(ct))
        {
            await act(writer);
            await WebhookTestData.FinishAsync(writer, sentinel, TaskStates.Succeeded, WebhookTestData.Now());
        }

        while (!received.Contains("3"))
            Assert.True(await listener.WaitAsync(TimeSpan.FromSeconds(10), ct), $"No sentinel notification; got [{string.Join(", ", received)}]");
        return received;
    }
}
