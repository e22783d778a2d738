using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;
using ClbWorker.Webhooks.Outbox;
using Dapper;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// Claiming and completing deliveries (the completion tests in <c>DeliveryStoreTests.Completion.cs</c>). Claims see
/// every due delivery of the database, including other tests' (and deliveries to other tests' endpoints), so each test
/// asserts only about the deliveries it made.
/// </summary>
public sealed partial class DeliveryStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const int All = 10_000;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DisableAfter = TimeSpan.FromDays(5);

    private readonly DeliveryStore store = new(database.DataSource);
    private readonly WebhookEndpointStore endpoints = new(database.DataSource);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    /// <summary>Finishes <paramref name="tasks"/> new tasks at <paramref name="completedAt"/>; returns a new endpoint and the deliveries to it and to the callbacks.</summary>
    private async Task<(WebhookEndpoint Endpoint, List<DeliveryRow> Deliveries)> EnqueueAsync(int tasks, DateTimeOffset completedAt)
    {
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);
        var (_, ids) = await WebhookTestData.InsertTasksAsync(database.DataSource, tasks);
        await WebhookTestData.FinishAsync(database.DataSource, ids, TaskStates.Succeeded, completedAt);
        var deliveries = (await WebhookTestData.DeliveriesAsync(database.DataSource, ids))
            .Where(d => d.EndpointId is null || d.EndpointId == endpoint.Id).ToList();
        return (endpoint, deliveries);
    }

    private async Task<List<ClaimedDelivery>> ClaimMineAsync(IEnumerable<DeliveryRow> mine, string owner, DateTimeOffset now)
    {
        var rows = mine.ToList();
        var ids = rows.Select(d => d.Id).ToHashSet();
        var claimed = await store.ClaimAsync(RoomsFor(rows, All), owner, Lease, ct, now);
        return claimed.Where(c => ids.Contains(c.Id)).ToList();
    }

    /// <summary>Room <paramref name="room"/> on each host the deliveries go to, keyed as the database keys hosts.</summary>
    private static List<(string Host, int Room)> RoomsFor(IEnumerable<DeliveryRow> deliveries, int room) =>
        [.. deliveries.Select(d => Host(d.Url)).Distinct().Select(h => (h, room))];

    private static string Host(string url) => new Uri(url).Authority.ToLowerInvariant();

    private Task<DeliveryCompletion> CompleteAsync(IReadOnlyList<DeliveryOutcome> outcomes, string owner, DateTimeOffset now) =>
        store.CompleteAsync(outcomes, owner, DisableAfter, ct, now);

    private async Task<DeliveryRow> RowAsync(long id)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        return await connection.QuerySingleAsync<DeliveryRow>("""
            SELECT id AS Id, message_id AS MessageId, task_row_id AS TaskRowId, endpoint_id AS EndpointId, url AS Url,
                   event_type AS EventType, body AS Body, state AS State, attempts AS Attempts, next_attempt_at AS NextAttemptAt
            FROM clb.webhook_deliveries WHERE id = @id
            """, new { id });
    }

    private static DeliveryOutcome Delivered(long id, DateTimeOffset at) =>
        new(id, at, 200, TimeSpan.FromMilliseconds(12), null, "ok", DeliveryStates.Delivered);

    private static DeliveryOutcome Retry(long id, DateTimeOffset at, TimeSpan retryIn) =>
        new(id, at, 503, TimeSpan.FromMilliseconds(30), "503 Service Unavailable", "busy", DeliveryStates.Pending, retryIn);

    private static DeliveryOutcome Failed(long id, DateTimeOffset at, string? disableReason = null) =>
        new(id, at, 410, TimeSpan.FromMilliseconds(8), "410 Gone", null, DeliveryStates.Failed, DisableEndpointReason: disableReason);

    [Fact]
    public async Task Claims_by_concurrent_senders_never_give_one_delivery_to_two_owners()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(150, now.AddMinutes(-1));

        // Four batches of 35 per host from at least 150 due rows on each of two hosts: every sender fills its batch while
        // the others hold theirs.
        var rooms = RoomsFor(mine, 35);
        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(s => store.ClaimAsync(rooms, $"sender-{s}", Lease, ct, now)));

        var claimed = claims.SelectMany(c => c.Select(d => d.Id)).ToList();
        Assert.Equal(300, mine.Count);
        Assert.Equal(2, rooms.Count);
        Assert.All(claims, c => Assert.Equal(70, c.Count));
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
    }

    [Fact]
    public async Task Claims_take_the_longest_due_first()
    {
        var now = WebhookTestData.Now();
        var (_, later) = await EnqueueAsync(1, now.AddMinutes(-1));
        var (_, earlier) = await EnqueueAsync(1, now.AddMinutes(-2));

        var claimed = await ClaimMineAsync([.. later, .. earlier], "sender", now);

        Assert.Equal(earlier.Concat(later).Select(d => d.Id), claimed.Select(c => c.Id));
    }

    [Fact]
    public async Task A_claim_carries_what_the_sender_needs_and_leases_the_delivery()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(1, now.AddMinutes(-1));

        var claimed = await ClaimMineAsync(mine, "sender", now);

        var callback = Assert.Single(claimed, c => c.IsCallback);
        var toEndpoint = Assert.Single(claimed, c => c.EndpointId == endpoint.Id);
        var row = mine.Single(d => d.EndpointId == endpoint.Id);
        Assert.Equal((row.MessageId, row.TaskRowId, endpoint.Url, WebhookEventTypes.Succeeded, row.Body, 0),
            (toEndpoint.MessageId, toEndpoint.TaskRowId, toEndpoint.Url, toEndpoint.EventType, toEndpoint.Body, toEndpoint.Attempts));
        Assert.Equal([endpoint.Secret], toEndpoint.SigningSecrets);
        Assert.Empty(callback.SigningSecrets);
        Assert.Equal(WebhookTestData.CallbackUrl, callback.Url);
        Assert.Equal((Host(endpoint.Url), now), (toEndpoint.Host, toEndpoint.ClaimedAt));
        Assert.Equal(now.AddSeconds(30).UtcDateTime, (await RowAsync(row.Id)).NextAttemptAt);
        Assert.DoesNotContain(endpoint.Secret, toEndpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task During_a_rotation_overlap_a_claim_carries_the_new_and_the_previous_secret()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(2, now.AddMinutes(-1));
        var newSecret = WebhookTestData.NewSecret();
        await endpoints.RotateSecretAsync(endpoint.Id, newSecret, now.AddHours(1), now, ct);
        var (first, second) = (mine.Where(d => d.EndpointId == endpoint.Id).First(), mine.Where(d => d.EndpointId == endpoint.Id).Last());
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
            await connection.ExecuteAsync("UPDATE clb.webhook_deliveries SET next_attempt_at = @later WHERE id = @id",
                new { id = second.Id, later = now.AddHours(2) });

        var during = Assert.Single(await ClaimMineAsync([first], "sender", now));
        var after = Assert.Single(await ClaimMineAsync([second], "sender", now.AddHours(2)));

        Assert.Equal([newSecret, endpoint.Secret], during.SigningSecrets);
        Assert.Equal([newSecret], after.SigningSecrets);
    }

    [Fact]
    public async Task A_leased_delivery_is_claimed_again_only_once_its_lease_expires()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(2, now.AddMinutes(-1));

        var first = await ClaimMineAsync(mine, "crashed-sender", now);
        var during = await ClaimMineAsync(mine, "other", now.AddSeconds(29));
        var after = await ClaimMineAsync(mine, "other", now.AddSeconds(31));

        Assert.Equal(4, first.Count);
        Assert.Empty(during);
        Assert.Equal(first.Select(d => d.Id).Order(), after.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task A_disabled_endpoint_is_never_sent_to_even_when_its_deliveries_were_not_parked()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(1, now.AddMinutes(-1));
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
            await connection.ExecuteAsync(
                "UPDATE clb.webhook_endpoints SET enabled = false, disabled_reason = 'by hand', disabled_at = now() WHERE id = @id", new { id = endpoint.Id });

        var claimed = await ClaimMineAsync(mine, "sender", now);

        Assert.DoesNotContain(claimed, c => c.EndpointId == endpoint.Id);
        Assert.Contains(claimed, c => c.IsCallback);
    }

    [Fact]
    public async Task Redelivering_puts_a_finished_delivery_back_due_now_with_its_attempts_and_leaves_one_in_flight_alone()
    {
        var now = WebhookTestData.Now();
        var (_, mine) = await EnqueueAsync(3, now.AddMinutes(-1));
        var claimed = (await ClaimMineAsync(mine, "sender", now)).Where(c => c.IsCallback).ToList();
        await CompleteAsync([Delivered(claimed[0].Id, now), Failed(claimed[1].Id, now)], "sender", now);
        var later = now.AddHours(1);

        var found = await Task.WhenAll(claimed.Select(c => store.RedeliverAsync(c.Id, ct, now.AddSeconds(1))));
        var missing = await store.RedeliverAsync(long.MaxValue, ct, later);

        Assert.Equal([true, true, true], found);
        Assert.False(missing);
        var again = await ClaimMineAsync(mine.Where(d => d.Id == claimed[0].Id || d.Id == claimed[1].Id), "sender", now.AddSeconds(1));
        Assert.Equal([1, 1], again.Select(c => c.Attempts));
        Assert.Equal(now.AddSeconds(30).UtcDateTime, (await RowAsync(claimed[2].Id)).NextAttemptAt); // still under its lease
    }

    [Fact]
    public async Task Recovering_an_endpoint_requeues_its_failed_deliveries_created_since_the_given_time_only()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(3, now.AddMinutes(-1));
        var claimed = await ClaimMineAsync(mine, "sender", now);
        var toEndpoint = claimed.Where(c => c.EndpointId == endpoint.Id).ToList();
        var callbacks = claimed.Where(c => c.IsCallback).ToList();
        await CompleteAsync(
            [Failed(toEndpoint[0].Id, now), Failed(toEndpoint[1].Id, now), Delivered(toEndpoint[2].Id, now), Failed(callbacks[0].Id, now)],
            "sender", now);
        await using (var connection = await database.DataSource.OpenConnectionAsync(ct))
            await connection.ExecuteAsync("UPDATE clb.webhook_deliveries SET created_at = created_at - interval '2 days' WHERE id = @id",
                new { id = toEndpoint[1].Id });

        var recovered = await store.RecoverAsync(endpoint.Id, now.AddDays(-1), ct, now);

        Assert.Equal(1, recovered);
        Assert.Equal(
            [DeliveryStates.Pending, DeliveryStates.Failed, DeliveryStates.Delivered, DeliveryStates.Failed],
            await Task.WhenAll(new[] { toEndpoint[0], toEndpoint[1], toEndpoint[2], callbacks[0] }.Select(async c => (await RowAsync(c.Id)).State)));
    }

    [Fact]
    public async Task A_claim_takes_at_most_each_hosts_room_oldest_first()
    {
        var now = WebhookTestData.Now();
        var (endpoint, mine) = await EnqueueAsync(5, now.AddMinutes(-1));
        var toEndpoint = mine.Where(d => d.EndpointId == endpoint.Id).ToList();

        var claimed = await store.ClaimAsync([(Host(endpoint.Url), 2)], "sender", Lease, ct, now);

        Assert.Equal(toEndpoint.Take(2).Select(d => d.Id), claimed.Select(c => c.Id));
    }

    [Fact]
    public async Task Due_hosts_come_most_overdue_first_and_a_host_with_nothing_due_is_left_out()
    {
        var now = WebhookTestData.Now();
        // Every enabled endpoint gets a delivery of every event: made in this order, the older endpoint's host also has
        // the newer events, and the newer one only its own.
        var (older, _) = await EnqueueAsync(1, now.AddMinutes(-2));
        var (newer, _) = await EnqueueAsync(1, now.AddMinutes(-1));
        var (notYet, _) = await EnqueueAsync(1, now.AddMinutes(5));

        var hosts = await store.DueHostsAsync(All, ct, now);

        var mine = hosts.Where(h => h == Host(newer.Url) || h == Host(older.Url) || h == Host(notYet.Url)).ToList();
        Assert.Equal([Host(older.Url), Host(newer.Url)], mine);
    }
}
