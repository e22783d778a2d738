using Dapper;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;

namespace ClbWorker.IntegrationTests.Webhooks;

public sealed class WebhookEndpointStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly WebhookEndpointStore store = new(database.DataSource);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static string NewUrl() => $"https://{Guid.NewGuid():N}.example/hook";

    [Fact]
    public async Task A_created_endpoint_is_enabled_unnamed_from_the_api_and_can_be_read_back()
    {
        var now = WebhookTestData.Now();
        var (url, secret) = (NewUrl(), WebhookTestData.NewSecret());

        var created = await store.CreateAsync(url, secret, [WebhookEventTypes.Failed, WebhookEventTypes.Cancelled, WebhookEventTypes.Failed], now, ct);

        Assert.Equal((null, url, secret, true, WebhookEndpointSources.Api, now, now), (created.Name, created.Url, created.Secret, created.Enabled, created.Source, created.CreatedAt, created.UpdatedAt));
        Assert.Equal([WebhookEventTypes.Cancelled, WebhookEventTypes.Failed], created.EventTypes);
        var read = await store.GetAsync(created.Id, ct);
        Assert.Equal(created.ToString(), read!.ToString());
        Assert.Equal(created.EventTypes, read.EventTypes);
        Assert.Contains(await store.ListAsync(ct), e => e.Id == created.Id);
        Assert.Null(await store.GetAsync(long.MaxValue, ct));
    }

    [Fact]
    public async Task Creating_with_an_invalid_url_names_the_url_and_what_is_allowed()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateAsync("ftp://example.com/x", WebhookTestData.NewSecret(), [], WebhookTestData.Now(), ct));

        Assert.Equal("Url", error.ParamName);
        Assert.Contains("'ftp://example.com/x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-secret")]
    [InlineData("whsec_c2hvcnQ=")] // 5 bytes
    [InlineData("whsec_!!!!MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    public async Task Creating_with_an_invalid_secret_says_what_is_allowed_without_quoting_it(string secret)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(NewUrl(), secret, [], WebhookTestData.Now(), ct));

        Assert.Equal("Secret", error.ParamName);
        Assert.Contains("24 to 64", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_of_24_and_64_bytes_are_accepted_and_the_standard_test_vector_secret_too()
    {
        var secrets = new[] { 24, 64 }.Select(n => "whsec_" + Convert.ToBase64String(new byte[n])).Append("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

        foreach (var secret in secrets)
            Assert.Equal(secret, (await store.CreateAsync(NewUrl(), secret, [], WebhookTestData.Now(), ct)).Secret);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateAsync(NewUrl(), "whsec_" + Convert.ToBase64String(new byte[65]), [], WebhookTestData.Now(), ct));
    }

    [Fact]
    public async Task Creating_with_an_unknown_event_type_lists_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            store.CreateAsync(NewUrl(), WebhookTestData.NewSecret(), ["task.exploded"], WebhookTestData.Now(), ct));

        Assert.Equal("EventTypes", error.ParamName);
        Assert.Contains("task.exploded", error.Message, StringComparison.Ordinal);
        Assert.All(WebhookEventTypes.All, type => Assert.Contains(type, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_removes_the_endpoint_with_its_deliveries()
    {
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Succeeded, WebhookTestData.Now());

        var deleted = await store.DeleteAsync(endpoint.Id, ct);
        var again = await store.DeleteAsync(endpoint.Id, ct);

        Assert.Equal((true, false), (deleted, again));
        Assert.Null(await store.GetAsync(endpoint.Id, ct));
        var left = await WebhookTestData.DeliveriesAsync(database.DataSource, tasks);
        Assert.Contains(left, d => d.EndpointId is null);
        Assert.DoesNotContain(left, d => d.EndpointId == endpoint.Id);
    }

    [Fact]
    public async Task Deleting_while_the_sender_records_an_attempt_for_that_endpoint_is_not_lost_to_the_deadlock_between_them()
    {
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1, callbackUrl: null);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Succeeded, WebhookTestData.Now());
        await using var sender = await database.DataSource.OpenConnectionAsync(ct);
        // The sender's side never looks for the deadlock first, so PostgreSQL always breaks it on the delete's side.
        await sender.ExecuteAsync("SET deadlock_timeout = '30s'");
        await using var recording = await sender.BeginTransactionAsync(ct);

        // What recording an attempt does: the delivery row first, then its endpoint's failure streak.
        await sender.ExecuteAsync("UPDATE clb.webhook_deliveries SET updated_at = now() WHERE endpoint_id = @id", new { id = endpoint.Id }, recording);
        var delete = store.DeleteAsync(endpoint.Id, ct);
        await Eventually.ReturnsAsync(() => WaitsForLockAsync("DELETE FROM clb.webhook_endpoints"), waits => waits, TimeSpan.FromSeconds(10),
            "the delete waiting for the delivery");
        await sender.ExecuteAsync("UPDATE clb.webhook_endpoints SET first_failure_at = now() WHERE id = @id", new { id = endpoint.Id }, recording);
        await recording.CommitAsync(ct);

        Assert.True(await delete);
        Assert.Null(await store.GetAsync(endpoint.Id, ct));
        // Endpoints of this class's other tests got deliveries of the task too; only this one's must be gone.
        Assert.DoesNotContain(await WebhookTestData.DeliveriesAsync(database.DataSource, tasks), d => d.EndpointId == endpoint.Id);
    }

    private async Task<bool> WaitsForLockAsync(string statement)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE @prefix)",
            new { prefix = statement + "%" });
    }

    [Fact]
    public async Task Rotating_keeps_the_previous_secret_until_the_overlap_ends()
    {
        var now = WebhookTestData.Now();
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);
        var (second, third) = (WebhookTestData.NewSecret(), WebhookTestData.NewSecret());

        var rotated = await store.RotateSecretAsync(endpoint.Id, second, now.AddHours(24), now, ct);
        var same = await store.RotateSecretAsync(endpoint.Id, second, now.AddHours(48), now, ct);
        var atOnce = await store.RotateSecretAsync(endpoint.Id, third, now, now, ct);
        var missing = await store.RotateSecretAsync(long.MaxValue, third, now, now, ct);

        Assert.Equal((second, endpoint.Secret, now.AddHours(24)), (rotated!.Secret, rotated.PreviousSecret, rotated.PreviousSecretExpiresAt));
        Assert.Equal((second, endpoint.Secret, now.AddHours(24)), (same!.Secret, same.PreviousSecret, same.PreviousSecretExpiresAt));
        Assert.Equal((third, null, null), (atOnce!.Secret, atOnce.PreviousSecret, atOnce.PreviousSecretExpiresAt));
        Assert.Null(missing);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.RotateSecretAsync(endpoint.Id, "whsec_short", now.AddHours(1), now, ct));
        Assert.Equal("newSecret", error.ParamName);
    }

    [Fact]
    public async Task Disabling_keeps_the_first_reason_and_enabling_clears_it_and_the_failure_streak()
    {
        var now = WebhookTestData.Now();
        var endpoint = await WebhookTestData.EndpointAsync(database.DataSource);

        Assert.True(await store.DisableAsync(endpoint.Id, "410 Gone", now, ct));
        Assert.True(await store.DisableAsync(endpoint.Id, "again", now.AddMinutes(1), ct));
        var disabled = await store.GetAsync(endpoint.Id, ct);
        Assert.True(await store.EnableAsync(endpoint.Id, now.AddMinutes(2), ct));
        var enabled = await store.GetAsync(endpoint.Id, ct);

        Assert.Equal((false, "410 Gone", (DateTimeOffset?)now), (disabled!.Enabled, disabled.DisabledReason, disabled.DisabledAt));
        Assert.Equal((true, null, null, null, now.AddMinutes(2)),
            (enabled!.Enabled, enabled.DisabledReason, enabled.DisabledAt, enabled.FirstFailureAt, enabled.UpdatedAt));
        Assert.False(await store.DisableAsync(long.MaxValue, "x", now, ct));
        Assert.False(await store.EnableAsync(long.MaxValue, now, ct));
    }
}
