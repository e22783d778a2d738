using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.IntegrationTests.Webhooks;

public sealed partial class DeliveryStoreTests
{
    [Fact]
    public async Task Completing_records_every_attempt_and_state_in_one_batch_and_only_for_the_leaseholder()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(3, now.AddMinutes(-1));
        var claimed = (await ClaimMineAsync(mine, "sender", now)).Where(c => c.IsCallback).ToList();
        var next = now.AddMinutes(5);
        List<DeliveryOutcome> outcomes = [Delivered(claimed[0].Id, now), Retry(claimed[1].Id, now, TimeSpan.FromMinutes(5)), Failed(claimed[2].Id, now)];

        await CompleteAsync(outcomes, "stranger", now);
        await CompleteAsync(outcomes, "sender", now);
        await CompleteAsync(outcomes, "sender", now);

        // One attempt each: the stranger's batch and the second one recorded nothing.
        var log = new DeliveryLogStore(database.DataSource);
        var details = await Task.WhenAll(claimed.Select(c => log.GetDeliveryAsync(c.Id, ct)));
        Assert.Equal([DeliveryStates.Delivered, DeliveryStates.Pending, DeliveryStates.Failed], details.Select(d => d!.Delivery.State));
        Assert.All(details, d => Assert.Equal(1, d!.Delivery.Attempts));
        Assert.All(details, d => Assert.Single(d!.Attempts));
        Assert.Equal([200, 503, 410], details.Select(d => d!.Delivery.LastStatusCode));
        Assert.Equal(now, details[0]!.Delivery.DeliveredAt);
        Assert.Equal(next, details[1]!.Delivery.NextAttemptAt);
        Assert.Equal(now, details[2]!.Delivery.FailedAt);
        Assert.Equal(new WebhookAttempt(details[1]!.Attempts[0].Id, now, 503, TimeSpan.FromMilliseconds(30), "503 Service Unavailable", "busy"),
            details[1]!.Attempts[0]);
    }

    [Fact]
    public async Task A_retried_delivery_is_claimed_again_at_its_next_attempt_with_its_attempts_counted()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(1, now.AddMinutes(-1));
        var callback = (await ClaimMineAsync(mine, "sender", now)).Single(c => c.IsCallback);
        await CompleteAsync([Retry(callback.Id, now, TimeSpan.FromMinutes(5))], "sender", now);

        var early = await ClaimMineAsync([mine.Single(d => d.Id == callback.Id)], "sender", now.AddMinutes(4));
        var due = await ClaimMineAsync([mine.Single(d => d.Id == callback.Id)], "sender", now.AddMinutes(5));

        Assert.Empty(early);
        Assert.Equal(1, Assert.Single(due).Attempts);
    }

    [Fact]
    public async Task Long_errors_and_response_excerpts_are_cut_to_their_limits()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(1, now.AddMinutes(-1));
        var callback = (await ClaimMineAsync(mine, "sender", now)).Single(c => c.IsCallback);

        await CompleteAsync(
            [new DeliveryOutcome(callback.Id, now, 500, TimeSpan.FromSeconds(1), new string('e', 5000), new string('r', 10_000), DeliveryStates.Failed)],
            "sender", now);

        var details = await new DeliveryLogStore(database.DataSource).GetDeliveryAsync(callback.Id, ct);
        Assert.Equal(DeliveryOutcome.MaxErrorLength, details!.Delivery.LastError!.Length);
        Assert.Equal(DeliveryOutcome.MaxErrorLength, details.Attempts[0].Error!.Length);
        Assert.Equal(DeliveryOutcome.MaxResponseExcerptLength, details.Attempts[0].ResponseExcerpt!.Length);
    }

    [Fact]
    public async Task A_410_disables_the_endpoint_with_its_reason_and_its_other_deliveries_wait()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(3, now.AddMinutes(-1));
        var toEndpoint = (await ClaimMineAsync(mine, "sender", now)).Where(c => c.EndpointId == endpoint.Id).ToList();

        var completion = await CompleteAsync(
            [Failed(toEndpoint[0].Id, now, "410 Gone"), Retry(toEndpoint[1].Id, now, TimeSpan.FromSeconds(5))], "sender", now);

        Assert.Equal([(endpoint.Id, "410 Gone")], completion.DisabledEndpoints);
        var disabled = await endpoints.GetAsync(endpoint.Id, ct);
        Assert.Equal((false, "410 Gone", (DateTimeOffset?)now), (disabled!.Enabled, disabled.DisabledReason, disabled.DisabledAt));
        Assert.Equal(DateTime.MaxValue, (await RowAsync(toEndpoint[1].Id)).NextAttemptAt); // parked
        Assert.Empty(await ClaimMineAsync(mine.Where(d => d.EndpointId == endpoint.Id), "sender", now.AddHours(1)));

        var (_, later) = await EnqueueAsync(1, now);
        Assert.DoesNotContain(later, d => d.EndpointId == endpoint.Id);
    }

    [Fact]
    public async Task Deliveries_of_a_disabled_endpoint_wait_until_it_is_enabled_and_then_are_due_at_once()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(2, now.AddMinutes(-1));
        var toEndpoint = mine.Where(d => d.EndpointId == endpoint.Id).ToList();
        await endpoints.DisableAsync(endpoint.Id, "maintenance", now, ct);

        var whileDisabled = await ClaimMineAsync(toEndpoint, "sender", now.AddDays(1));
        await endpoints.EnableAsync(endpoint.Id, now.AddMinutes(1), ct);
        var afterEnabled = await ClaimMineAsync(toEndpoint, "sender", now.AddMinutes(1));

        Assert.Empty(whileDisabled);
        Assert.Equal(toEndpoint.Select(d => d.Id), afterEnabled.Select(c => c.Id));
    }

    [Fact]
    public async Task A_failure_streak_starts_at_the_first_failure_and_ends_with_a_success()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(4, now.AddMinutes(-1));
        var ids = (await ClaimMineAsync(mine, "sender", now)).Where(c => c.EndpointId == endpoint.Id).Select(c => c.Id).ToList();

        await CompleteAsync([Retry(ids[0], now, TimeSpan.FromHours(1)), Retry(ids[1], now.AddSeconds(1), TimeSpan.FromHours(1))], "sender", now);
        var failing = (await endpoints.GetAsync(endpoint.Id, ct))!.FirstFailureAt;
        await CompleteAsync([Retry(ids[2], now.AddSeconds(5), TimeSpan.FromHours(1))], "sender", now.AddSeconds(5));
        var stillFailing = (await endpoints.GetAsync(endpoint.Id, ct))!.FirstFailureAt;
        await CompleteAsync([Delivered(ids[3], now.AddSeconds(9))], "sender", now.AddSeconds(9));
        var recovered = (await endpoints.GetAsync(endpoint.Id, ct))!.FirstFailureAt;

        Assert.Equal((now, now, (DateTimeOffset?)null), (failing, stillFailing, recovered));
    }

    [Fact]
    public async Task A_batch_ending_in_failures_after_a_success_starts_the_streak_at_the_first_of_them()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(3, now.AddMinutes(-1));
        var ids = (await ClaimMineAsync(mine, "sender", now)).Where(c => c.EndpointId == endpoint.Id).Select(c => c.Id).ToList();
        await CompleteAsync([Retry(ids[0], now.AddSeconds(-10), TimeSpan.FromHours(1))], "sender", now);

        await CompleteAsync(
            [Failed(ids[1], now.AddSeconds(2)), Delivered(ids[2], now.AddSeconds(1))], "sender", now.AddSeconds(2));

        Assert.Equal(now.AddSeconds(2), (await endpoints.GetAsync(endpoint.Id, ct))!.FirstFailureAt);
    }

    [Fact]
    public async Task A_success_makes_the_hosts_waiting_retries_due_at_once_and_leaves_other_hosts_alone()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(3, now.AddMinutes(-1));
        var (other, theirs) = await EnqueueAsync(1, now.AddMinutes(-1));
        var claimed = await ClaimMineAsync([.. mine, .. theirs], "sender", now);
        var toEndpoint = claimed.Where(c => c.EndpointId == endpoint.Id).ToList();
        var toOther = claimed.Single(c => c.EndpointId == other.Id);
        await CompleteAsync([Retry(toEndpoint[0].Id, now, TimeSpan.FromMinutes(5)), Retry(toEndpoint[1].Id, now, TimeSpan.FromMinutes(5)),
            Retry(toOther.Id, now, TimeSpan.FromMinutes(5))], "sender", now);

        var completion = await CompleteAsync([Delivered(toEndpoint[2].Id, now.AddSeconds(1))], "sender", now.AddSeconds(1));

        Assert.Equal(2, completion.Flushed);
        Assert.Equal(now.AddSeconds(1).UtcDateTime, (await RowAsync(toEndpoint[0].Id)).NextAttemptAt);
        Assert.Equal(now.AddSeconds(1).UtcDateTime, (await RowAsync(toEndpoint[1].Id)).NextAttemptAt);
        Assert.Equal(now.AddMinutes(5).UtcDateTime, (await RowAsync(toOther.Id)).NextAttemptAt);
    }

    [Fact]
    public async Task A_released_delivery_is_due_at_once_with_no_attempt_recorded()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(1, now.AddMinutes(-1));
        var callback = (await ClaimMineAsync(mine, "sender", now)).Single(c => c.IsCallback);

        await CompleteAsync([DeliveryOutcome.Release(callback.Id)], "sender", now.AddSeconds(2));

        var row = await RowAsync(callback.Id);
        Assert.Equal((DeliveryStates.Pending, 0, now.AddSeconds(2).UtcDateTime), (row.State, row.Attempts, row.NextAttemptAt));
        Assert.Single(await ClaimMineAsync(mine.Where(d => d.Id == callback.Id), "other", now.AddSeconds(2)));
    }

    [Fact]
    public async Task An_endpoint_failing_longer_than_the_limit_is_disabled_by_the_database_with_the_reason()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(2, now.AddMinutes(-1));
        var ids = (await ClaimMineAsync(mine, "sender", now)).Where(c => c.EndpointId == endpoint.Id).Select(c => c.Id).ToList();
        await CompleteAsync([Retry(ids[0], now, TimeSpan.FromDays(6))], "sender", now);

        var completion = await CompleteAsync([Retry(ids[1], now.AddDays(5), TimeSpan.FromHours(1))], "sender", now.AddDays(5).AddSeconds(1));

        var (id, reason) = Assert.Single(completion.DisabledEndpoints);
        Assert.Equal(endpoint.Id, id);
        Assert.Contains("every delivery failed since", reason, StringComparison.Ordinal);
        Assert.Contains("5 days", reason, StringComparison.Ordinal);
        Assert.False((await endpoints.GetAsync(endpoint.Id, ct))!.Enabled);
    }
}
