using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Retention;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Retention;

public sealed class TaskRetentionTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Age = TimeSpan.FromDays(30);

    private readonly History history = new(database.DataSource);

    public async ValueTask InitializeAsync() => await history.ClearAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Only_final_tasks_completed_before_the_cutoff_are_deleted()
    {
        var succeeded = await history.TaskAsync(Now - Age - TimeSpan.FromSeconds(1));
        var failed = await history.TaskAsync(Now - TimeSpan.FromDays(400), "failed");
        var timedOut = await history.TaskAsync(Now - TimeSpan.FromDays(31), "timed_out");
        var atTheCutoff = await history.TaskAsync(Now - Age);
        var recent = await history.TaskAsync(Now - TimeSpan.FromDays(29));
        var oldPending = await history.TaskAsync(completedAt: null, createdAt: Now - TimeSpan.FromDays(90));

        var summary = await Retention().RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new RetentionRunSummary(3, 0, 0, 1), summary);
        foreach (var gone in new[] { succeeded, failed, timedOut })
            Assert.False(await history.TaskExistsAsync(gone));
        foreach (var kept in new[] { atTheCutoff, recent, oldPending })
            Assert.True(await history.TaskExistsAsync(kept));
    }

    [Fact]
    public async Task A_deleted_task_takes_its_deliveries_and_their_attempts_with_it()
    {
        var old = await history.TaskAsync(Now - TimeSpan.FromDays(60));
        await history.DeliveryAsync(old, "delivered", attempts: 1);
        await history.DeliveryAsync(old, "failed", attempts: 8);
        var recent = await history.TaskAsync(Now - TimeSpan.FromDays(1));
        await history.DeliveryAsync(recent, "delivered", attempts: 2);

        var summary = await Retention().RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new RetentionRunSummary(1, 2, 9, 1), summary);
        Assert.Equal((1L, 1L, 2L), await history.CountsAsync());
    }

    [Fact]
    public async Task A_task_with_a_pending_delivery_is_kept_until_the_delivery_is_final()
    {
        var task = await history.TaskAsync(Now - TimeSpan.FromDays(60));
        await history.DeliveryAsync(task, "delivered", attempts: 1);
        var parked = await history.DeliveryAsync(task, "pending", attempts: 3);
        var retention = Retention();

        var first = await retention.RunOnceAsync(TestContext.Current.CancellationToken);
        await using (var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken))
            await connection.ExecuteAsync("UPDATE clb.webhook_deliveries SET state = 'failed', failed_at = now() WHERE id = @parked", new { parked });
        var second = await retention.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RetentionRunSummary.None, first);
        Assert.Equal(new RetentionRunSummary(1, 2, 4, 1), second);
        Assert.Equal((0L, 0L, 0L), await history.CountsAsync());
    }

    [Fact]
    public async Task Each_transaction_deletes_at_most_the_batch_size_and_kept_tasks_do_not_stall_the_run()
    {
        for (var i = 0; i < 25; i++)
        {
            var task = await history.TaskAsync(Now - TimeSpan.FromDays(100) + TimeSpan.FromMinutes(i));
            // Every fifth task waits for a delivery: the batches must go past them, not stop at them.
            if (i % 5 == 0)
                await history.DeliveryAsync(task, "pending");
        }

        var summary = await Retention(batchSize: 10).RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new RetentionRunSummary(20, 0, 0, 2), summary);
        Assert.Equal((5L, 5L, 0L), await history.CountsAsync());
    }

    [Fact]
    public async Task Batches_are_counted_as_transactions_of_at_most_the_batch_size()
    {
        await history.ManyAsync(25, Now - TimeSpan.FromDays(45));

        var summary = await Retention(batchSize: 10).RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new RetentionRunSummary(25, 25, 25, 3), summary);
    }

    [Fact]
    public async Task Running_again_finds_nothing_left_to_delete()
    {
        await history.ManyAsync(30, Now - TimeSpan.FromDays(45));
        var retention = Retention(batchSize: 7);

        await retention.RunOnceAsync(TestContext.Current.CancellationToken);
        var again = await retention.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(RetentionRunSummary.None, again);
    }

    [Fact]
    public async Task Two_runs_at_the_same_time_delete_every_task_exactly_once()
    {
        await history.ManyAsync(3000, Now - TimeSpan.FromDays(45));

        var runs = await Task.WhenAll(
            Task.Run(() => Retention(batchSize: 50).RunOnceAsync(TestContext.Current.CancellationToken)),
            Task.Run(() => Retention(batchSize: 50).RunOnceAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(3000, runs.Sum(r => r.Tasks));
        Assert.Equal(3000, runs.Sum(r => r.Deliveries));
        Assert.Equal(3000, runs.Sum(r => r.Attempts));
        Assert.Equal((0L, 0L, 0L), await history.CountsAsync());
    }

    [Fact]
    public async Task A_run_cancelled_while_its_batch_waits_for_a_lock_deletes_nothing_of_that_batch()
    {
        var ct = TestContext.Current.CancellationToken;
        await history.ManyAsync(9, Now - TimeSpan.FromDays(45));
        var task = await history.TaskAsync(Now - TimeSpan.FromDays(45));
        var delivery = await history.DeliveryAsync(task, "delivered", attempts: 1);
        await using var operatorConnection = await database.DataSource.OpenConnectionAsync(ct);
        await using var held = await operatorConnection.BeginTransactionAsync(ct);
        await operatorConnection.ExecuteAsync("SELECT 1 FROM clb.webhook_deliveries WHERE id = @delivery FOR UPDATE", new { delivery }, held);
        using var cancel = new CancellationTokenSource();

        var run = Retention().RunOnceAsync(cancel.Token);
        await LockWaits.UntilBlockedByAsync(database.DataSource, operatorConnection.ProcessID, "the batch waits for the held delivery");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await held.RollbackAsync(ct);

        Assert.Equal((10L, 10L, 10L), await history.CountsAsync());
    }

    [Fact]
    public async Task A_redelivery_committed_while_a_batch_deletes_keeps_its_task()
    {
        var task = await history.TaskAsync(Now - TimeSpan.FromDays(60));
        var delivery = await history.DeliveryAsync(task, "delivered", attempts: 1);

        // An operator's redelivery, still uncommitted when the batch picks the task (it still looks delivered).
        await using var operatorConnection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var redelivery = await operatorConnection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await operatorConnection.ExecuteAsync(
            "UPDATE clb.webhook_deliveries SET state = 'pending', delivered_at = NULL, next_attempt_at = now() WHERE id = @delivery",
            new { delivery }, redelivery);

        var run = Retention().RunOnceAsync(TestContext.Current.CancellationToken);
        await LockWaits.UntilBlockedByAsync(database.DataSource, operatorConnection.ProcessID, "the batch waits for the redelivery's lock");
        await redelivery.CommitAsync(TestContext.Current.CancellationToken);
        var summary = await run;

        Assert.Equal(RetentionRunSummary.None with { Batches = 1 }, summary);
        Assert.True(await history.TaskExistsAsync(task));
    }

    private TaskRetention Retention(int batchSize = 1000) =>
        new(new RetentionStore(database.DataSource),
            Options.Create(new RetentionOptions { TaskAge = Age, BatchSize = batchSize }),
            new FakeTimeProvider(Now));
}
