using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.IntegrationTests.Webhooks;

public sealed class DeliveryLogStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly DeliveryLogStore log = new(database.DataSource);
    private readonly DeliveryStore deliveries = new(database.DataSource);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delivery_is_read_with_its_exact_body_and_every_attempt_oldest_first()
    {
        var now = WebhookTestData.Now();
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Succeeded, now.AddMinutes(-1));
        var row = (await WebhookTestData.DeliveriesAsync(database.DataSource, tasks)).Single(d => d.EndpointId is null);
        await ClaimAndCompleteAsync(row.Id, now, new DeliveryOutcome(row.Id, now, null, TimeSpan.FromSeconds(15), "timed out", null, DeliveryStates.Pending, TimeSpan.FromSeconds(5)));
        await ClaimAndCompleteAsync(row.Id, now.AddSeconds(5), new DeliveryOutcome(row.Id, now.AddSeconds(5), 204, TimeSpan.FromMilliseconds(40), null, "", DeliveryStates.Delivered));

        var details = await log.GetDeliveryAsync(row.Id, ct);

        Assert.Equal(row.Body, details!.Body);
        Assert.Equal((row.MessageId, tasks[0], (long?)null, WebhookTestData.CallbackUrl, DeliveryStates.Delivered, 2, (DateTimeOffset?)null, 204),
            (details.Delivery.MessageId, details.Delivery.TaskRowId, details.Delivery.EndpointId, details.Delivery.Url, details.Delivery.State,
             details.Delivery.Attempts, details.Delivery.NextAttemptAt, details.Delivery.LastStatusCode));
        Assert.Equal([(null, "timed out"), (204, null)], details.Attempts.Select(a => (a.StatusCode, a.Error)));
        Assert.Equal([TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(40)], details.Attempts.Select(a => a.Duration));
        Assert.Null(await log.GetDeliveryAsync(long.MaxValue, ct));
    }

    [Fact]
    public async Task Listing_filters_by_task_endpoint_and_state_newest_first_and_pages_by_id()
    {
        var now = WebhookTestData.Now();
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 3);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Failed, now.AddMinutes(-1));
        var toEndpoint = (await WebhookTestData.DeliveriesAsync(database.DataSource, tasks)).Where(d => d.EndpointId == endpoint.Id).ToList();
        await ClaimAndCompleteAsync(toEndpoint[0].Id, now, new DeliveryOutcome(toEndpoint[0].Id, now, 500, TimeSpan.Zero, "500", null, DeliveryStates.Failed));

        var ofTask = await log.ListDeliveriesAsync(tasks[1], null, null, 100, null, ct);
        var ofEndpoint = await log.ListDeliveriesAsync(null, endpoint.Id, null, 100, null, ct);
        var failed = await log.ListDeliveriesAsync(null, endpoint.Id, DeliveryStates.Failed, 100, null, ct);
        var firstPage = await log.ListDeliveriesAsync(null, endpoint.Id, null, 2, null, ct);
        var secondPage = await log.ListDeliveriesAsync(null, endpoint.Id, null, 2, firstPage[^1].Id, ct);

        Assert.All(ofTask, d => Assert.Equal(tasks[1], d.TaskRowId));
        Assert.Contains(ofTask, d => d.EndpointId is null);
        Assert.Equal(toEndpoint.Select(d => d.Id).Reverse(), ofEndpoint.Select(d => d.Id));
        Assert.Equal([toEndpoint[0].Id], failed.Select(d => d.Id));
        Assert.Equal(ofEndpoint.Select(d => d.Id), firstPage.Concat(secondPage).Select(d => d.Id));
    }

    [Fact]
    public async Task Listing_refuses_an_unknown_state_and_a_limit_out_of_range()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => log.ListDeliveriesAsync(null, null, "lost", 10, null, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.ListDeliveriesAsync(null, null, null, 0, null, ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.ListDeliveriesAsync(null, null, null, DeliveryLogStore.MaxListLimit + 1, null, ct));
    }

    [Fact]
    public async Task A_delivery_waiting_for_its_disabled_endpoint_shows_no_next_attempt()
    {
        var now = WebhookTestData.Now();
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Succeeded, now);
        await new WebhookEndpointStore(database.DataSource).DisableAsync(endpoint.Id, "maintenance", now, ct);

        var listed = Assert.Single(await log.ListDeliveriesAsync(null, endpoint.Id, null, 10, null, ct));

        Assert.Equal((DeliveryStates.Pending, (DateTimeOffset?)null), (listed.State, listed.NextAttemptAt));
    }

    private async Task ClaimAndCompleteAsync(long id, DateTimeOffset now, DeliveryOutcome outcome)
    {
        var owner = Guid.NewGuid().ToString();
        var url = (await log.GetDeliveryAsync(id, ct))!.Delivery.Url;
        var claimed = await deliveries.ClaimAsync([(new Uri(url).Authority, 10_000)], owner, TimeSpan.FromSeconds(30), ct, now);
        Assert.Contains(claimed, c => c.Id == id);
        await deliveries.CompleteAsync([outcome], owner, TimeSpan.FromDays(5), ct, now);
    }
}
