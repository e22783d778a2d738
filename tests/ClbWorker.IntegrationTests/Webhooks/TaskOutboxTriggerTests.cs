using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;
using ClbWorker.Tasks;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Outbox;
using Dapper;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// The outbox trigger on <c>clb.tasks</c>. Endpoints are global, so every test looks only at its own tasks and, among
/// their deliveries, at the callback and its own endpoints: other tests' endpoints may receive these events too.
/// </summary>
public sealed class TaskOutboxTriggerTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly PollingStore polling = new(database.DataSource);

    [Fact]
    public async Task A_task_finished_by_the_polling_writer_gets_one_delivery_to_its_callback_and_one_per_matching_enabled_endpoint()
    {
        var ct = TestContext.Current.CancellationToken;
        var all = await WebhookTestData.EndpointAsync(database.DataSource);
        var succeededOnly = await WebhookTestData.EndpointAsync(database.DataSource, WebhookEventTypes.Succeeded, WebhookEventTypes.Cancelled);
        var failedOnly = await WebhookTestData.EndpointAsync(database.DataSource, WebhookEventTypes.Failed);
        var disabled = await WebhookTestData.EndpointAsync(database.DataSource);
        await new WebhookEndpointStore(database.DataSource).DisableAsync(disabled.Id, "test", WebhookTestData.Now(), ct);
        var (account, _) = await WebhookTestData.InsertTasksAsync(database.DataSource, 3);
        var now = WebhookTestData.Now();
        var claimed = await polling.ClaimAsync(new ClaimRequest(account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.Zero, 10, "poller", TimeSpan.FromSeconds(30), now), ct);

        var applied = await polling.ApplyAsync(
            claimed.Select(t => new TaskUpdate(t.Id, TaskStates.Succeeded, 0, null, null, "req-" + t.Id, 1, TimeSpan.Zero, now)).ToList(), "poller", TimeSpan.FromHours(1), ct, now);

        Assert.Equal(3, applied.Count);
        var deliveries = await WebhookTestData.DeliveriesAsync(database.DataSource, [.. claimed.Select(t => t.Id)]);
        var mine = new long?[] { null, all.Id, succeededOnly.Id, failedOnly.Id, disabled.Id };
        foreach (var task in claimed)
        {
            var targets = deliveries.Where(d => d.TaskRowId == task.Id && mine.Contains(d.EndpointId)).Select(d => d.EndpointId).Order();
            Assert.Equal([null, all.Id, succeededOnly.Id], targets);
        }
        Assert.All(deliveries, d => Assert.Equal((WebhookEventTypes.Succeeded, DeliveryStates.Pending, 0), (d.EventType, d.State, d.Attempts)));
        Assert.All(deliveries.Where(d => d.EndpointId is null), d => Assert.Equal(WebhookTestData.CallbackUrl, d.Url));
        Assert.All(deliveries.Where(d => d.EndpointId == all.Id), d => Assert.Equal(all.Url, d.Url));
    }

    [Fact]
    public async Task The_body_is_compact_json_with_every_field_of_the_task_in_a_fixed_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1, metadata: """{"order": 42, "note": "é \"q\""}""");
        var now = WebhookTestData.Now();
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync("""
                UPDATE clb.tasks
                SET state = 'failed', completed_at = @now, last_status = 1, last_error_code = 'FailedOperation',
                    last_error_message = E'line one\nline "two"', last_request_id = 'req-1', attempts = 4,
                    last_message = 'insufficient "balance"', load_balancer_ids = ARRAY['lb-1', 'lb-2']
                WHERE id = @id
                """, new { id = ids[0], now });
        }

        var delivery = Assert.Single(await WebhookTestData.DeliveriesAsync(database.DataSource, ids), d => d.EndpointId is null);

        using var json = JsonDocument.Parse(delivery.Body);
        var root = json.RootElement;
        Assert.Equal(["type", "timestamp", "data"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("task.failed", root.GetProperty("type").GetString());
        Assert.Equal(now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), root.GetProperty("timestamp").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(
            ["id", "taskId", "taskKind", "dealName", "region", "account", "state", "status", "errorCode", "errorMessage", "message", "loadBalancerIds",
             "attempts", "requestId", "enqueuedAt", "completedAt", "metadata"],
            data.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ids[0], data.GetProperty("id").GetInt64());
        Assert.Equal("task-1", data.GetProperty("taskId").GetString());
        Assert.Equal("request_id", data.GetProperty("taskKind").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("dealName").ValueKind);
        Assert.Equal("insufficient \"balance\"", data.GetProperty("message").GetString());
        Assert.Equal(["lb-1", "lb-2"], data.GetProperty("loadBalancerIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ap-guangzhou", data.GetProperty("region").GetString());
        Assert.StartsWith("acct", data.GetProperty("account").GetString());
        Assert.Equal("failed", data.GetProperty("state").GetString());
        Assert.Equal(1, data.GetProperty("status").GetInt32());
        Assert.Equal("FailedOperation", data.GetProperty("errorCode").GetString());
        Assert.Equal("line one\nline \"two\"", data.GetProperty("errorMessage").GetString());
        Assert.Equal(4, data.GetProperty("attempts").GetInt32());
        Assert.Equal("req-1", data.GetProperty("requestId").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.GetProperty("enqueuedAt").GetString());
        Assert.Equal(now, data.GetProperty("completedAt").GetDateTimeOffset());
        Assert.Equal(42, data.GetProperty("metadata").GetProperty("order").GetInt32());
        Assert.Equal("é \"q\"", data.GetProperty("metadata").GetProperty("note").GetString());
        Assert.DoesNotContain("\" : ", delivery.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fields_a_task_lacks_are_json_null()
    {
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Cancelled, WebhookTestData.Now());

        var delivery = Assert.Single(await WebhookTestData.DeliveriesAsync(database.DataSource, ids), d => d.EndpointId is null);

        var data = JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data");
        Assert.All(["status", "errorCode", "errorMessage", "message", "loadBalancerIds", "requestId", "dealName"],
            name => Assert.Equal(JsonValueKind.Null, data.GetProperty(name).ValueKind));
        Assert.Equal(JsonValueKind.Object, data.GetProperty("metadata").ValueKind);
    }

    [Theory]
    [InlineData(TaskStates.Succeeded, WebhookEventTypes.Succeeded)]
    [InlineData(TaskStates.Failed, WebhookEventTypes.Failed)]
    [InlineData(TaskStates.TimedOut, WebhookEventTypes.TimedOut)]
    [InlineData(TaskStates.Invalid, WebhookEventTypes.Invalid)]
    [InlineData(TaskStates.Cancelled, WebhookEventTypes.Cancelled)]
    public async Task Each_final_state_is_notified_as_its_event_type(string state, string eventType)
    {
        var only = await WebhookTestData.EndpointAsync(database.DataSource, eventType);
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);

        await WebhookTestData.FinishAsync(database.DataSource, ids, state, WebhookTestData.Now());

        var deliveries = await WebhookTestData.DeliveriesAsync(database.DataSource, ids);
        Assert.Equal([null, only.Id], deliveries.Where(d => d.EndpointId is null || d.EndpointId == only.Id).Select(d => d.EndpointId));
        Assert.All(deliveries, d => Assert.Equal(eventType, d.EventType));
        Assert.All(deliveries, d => Assert.Equal(eventType, JsonDocument.Parse(d.Body).RootElement.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Every_target_of_one_event_gets_the_same_message_id_and_body_and_events_get_different_ids()
    {
        await WebhookTestData.EndpointAsync(database.DataSource);
        await WebhookTestData.EndpointAsync(database.DataSource);
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 2);

        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Succeeded, WebhookTestData.Now());

        var deliveries = await WebhookTestData.DeliveriesAsync(database.DataSource, ids);
        var byTask = deliveries.GroupBy(d => d.TaskRowId).ToList();
        Assert.Equal(2, byTask.Count);
        Assert.All(byTask, group => Assert.True(group.Count() >= 3));
        Assert.All(byTask, group => Assert.Single(group.Select(d => (d.MessageId, d.Body)).Distinct()));
        Assert.All(deliveries, d => Assert.StartsWith("msg_", d.MessageId));
        Assert.NotEqual(byTask[0].First().MessageId, byTask[1].First().MessageId);
    }

    [Fact]
    public async Task Nothing_is_enqueued_and_nothing_is_final_when_the_transaction_rolls_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 2);
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await WebhookTestData.FinishAsync(connection, ids, TaskStates.Succeeded, WebhookTestData.Now(), transaction);
            var inside = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM clb.webhook_deliveries WHERE task_row_id = ANY(@ids)", new { ids }, transaction);
            Assert.True(inside >= 2);
            await transaction.RollbackAsync(ct);
        }

        Assert.Empty(await WebhookTestData.DeliveriesAsync(database.DataSource, ids));
        var states = await connection.QueryAsync<string>("SELECT state FROM clb.tasks WHERE id = ANY(@ids)", new { ids });
        Assert.All(states, s => Assert.Equal(TaskStates.Pending, s));
    }

    [Fact]
    public async Task Updates_that_leave_tasks_pending_enqueue_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (account, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 3);
        var now = WebhookTestData.Now();
        var claimed = await polling.ClaimAsync(new ClaimRequest(account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.Zero, 10, "poller", TimeSpan.FromSeconds(30), now), ct);

        await polling.ApplyAsync(
            claimed.Select(t => new TaskUpdate(t.Id, TaskStates.Pending, 2, null, null, "req", 1, TimeSpan.FromSeconds(5), now)).ToList(), "poller", TimeSpan.FromHours(1), ct, now);
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
            await connection.ExecuteAsync("UPDATE clb.tasks SET metadata = '{\"touched\": true}' WHERE id = ANY(@ids)", new { ids });

        Assert.Equal(3, claimed.Count);
        Assert.Empty(await WebhookTestData.DeliveriesAsync(database.DataSource, ids));
    }

    [Fact]
    public async Task Updating_a_final_task_again_enqueues_nothing_more()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Failed, WebhookTestData.Now());
        var before = await WebhookTestData.DeliveriesAsync(database.DataSource, ids);

        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync("UPDATE clb.tasks SET metadata = '{\"again\": 1}', updated_at = now() WHERE id = ANY(@ids)", new { ids });
            await connection.ExecuteAsync("UPDATE clb.tasks SET state = 'invalid' WHERE id = ANY(@ids)", new { ids });
        }

        Assert.NotEmpty(before);
        Assert.Equal(before.Select(d => d.Id), (await WebhookTestData.DeliveriesAsync(database.DataSource, ids)).Select(d => d.Id));
    }

    [Fact]
    public async Task A_task_put_back_to_pending_and_finished_again_is_a_new_event()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        var now = WebhookTestData.Now();
        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Succeeded, now);
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
            await connection.ExecuteAsync("UPDATE clb.tasks SET state = 'pending', completed_at = NULL WHERE id = ANY(@ids)", new { ids });

        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Succeeded, now.AddMinutes(1));

        var callbacks = (await WebhookTestData.DeliveriesAsync(database.DataSource, ids)).Where(d => d.EndpointId is null).ToList();
        Assert.Equal(2, callbacks.Count);
        Assert.NotEqual(callbacks[0].MessageId, callbacks[1].MessageId);
    }

    [Fact]
    public async Task A_task_without_callback_url_gets_no_callback_delivery()
    {
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1, callbackUrl: null);

        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Succeeded, WebhookTestData.Now());

        Assert.DoesNotContain(await WebhookTestData.DeliveriesAsync(database.DataSource, ids), d => d.EndpointId is null);
    }

    [Fact]
    public async Task A_delivery_is_due_when_its_task_completed_but_never_later_than_the_commit()
    {
        var (_, past) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        var (_, future) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        var completed = WebhookTestData.Now().AddHours(-1);

        await WebhookTestData.FinishAsync(database.DataSource, past, TaskStates.Succeeded, completed);
        await WebhookTestData.FinishAsync(database.DataSource, future, TaskStates.Succeeded, completed.AddHours(3));

        var pastDue = Assert.Single(await WebhookTestData.DeliveriesAsync(database.DataSource, past), d => d.EndpointId is null).NextAttemptAt;
        var futureDue = Assert.Single(await WebhookTestData.DeliveriesAsync(database.DataSource, future), d => d.EndpointId is null).NextAttemptAt;
        Assert.Equal(completed.UtcDateTime, pastDue);
        Assert.InRange(futureDue, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
    }
}
