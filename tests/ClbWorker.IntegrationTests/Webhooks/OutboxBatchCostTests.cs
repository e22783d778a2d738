using System.Diagnostics;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;
using ClbWorker.Tasks;
using ClbWorker.Webhooks;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// What the trigger costs the polling writer's largest batch. A class (and database) of its own, so the number of
/// endpoints, and thus of deliveries, is known exactly.
/// </summary>
public sealed class OutboxBatchCostTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const int BatchSize = 500;

    // Far above the measured figure (written to the test output) because test runs share small machines; what it
    // catches is a per-row loop or a quadratic join, which would take many times longer.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_500_task_final_batch_enqueues_every_delivery_within_budget()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new PollingStore(database.DataSource);
        await WebhookTestData.EndpointAsync(database.DataSource);
        await WebhookTestData.EndpointAsync(database.DataSource, WebhookEventTypes.Succeeded);
        await WebhookTestData.EndpointAsync(database.DataSource, WebhookEventTypes.Failed);
        var (account, _) = await WebhookTestData.InsertTasksAsync(database.DataSource, 4 * BatchSize);
        var now = WebhookTestData.Now();
        var claimed = await store.ClaimAsync(new ClaimRequest(account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.Zero, 4 * BatchSize, "poller", TimeSpan.FromMinutes(1), now), ct);
        var batches = claimed.Chunk(BatchSize).Select(b => b.ToList()).ToList();
        async Task<(int Changed, TimeSpan Elapsed)> ApplyAsync(List<ClaimedTask> batch, string state)
        {
            var updates = batch.Select(t => Update(t, state, now)).ToList();
            var watch = Stopwatch.StartNew();
            var changed = await store.ApplyAsync(updates, "poller", TimeSpan.FromHours(1), ct, now);
            return (changed.Count, watch.Elapsed);
        }

        // Warm-up: the connection pool, JIT, and the trigger's compiled function and plans.
        await ApplyAsync(batches[0], TaskStates.Pending);
        await ApplyAsync(batches[1], TaskStates.Succeeded);
        await SetTriggerAsync(enabled: false);
        var withoutOutbox = await ApplyAsync(batches[2], TaskStates.Succeeded);
        await SetTriggerAsync(enabled: true);
        var withOutbox = await ApplyAsync(batches[3], TaskStates.Succeeded);

        var deliveries = await WebhookTestData.DeliveriesAsync(database.DataSource, [.. batches[2].Concat(batches[3]).Select(t => t.Id)]);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{BatchSize}-task final batch: {withoutOutbox.Elapsed.TotalMilliseconds:F1} ms without the outbox trigger, "
            + $"{withOutbox.Elapsed.TotalMilliseconds:F1} ms with it ({deliveries.Count} deliveries)");
        Assert.Equal((BatchSize, BatchSize), (withoutOutbox.Changed, withOutbox.Changed));
        Assert.Equal(3 * BatchSize, deliveries.Count);
        Assert.All(deliveries, d => Assert.Contains(d.TaskRowId, batches[3].Select(t => t.Id)));
        Assert.InRange(withOutbox.Elapsed, TimeSpan.Zero, Budget);
    }

    // DDL takes no parameters; the statement is fixed text.
    private async Task SetTriggerAsync(bool enabled)
    {
        await using var command = database.DataSource.CreateCommand(
            enabled ? "ALTER TABLE clb.tasks ENABLE TRIGGER tasks_enqueue_webhooks" : "ALTER TABLE clb.tasks DISABLE TRIGGER tasks_enqueue_webhooks");
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static TaskUpdate Update(ClaimedTask task, string state, DateTimeOffset now) =>
        new(task.Id, state, (short)(state == TaskStates.Pending ? 2 : 0), null, null, "req-" + task.Id, 1, TimeSpan.FromSeconds(5), now);
}
