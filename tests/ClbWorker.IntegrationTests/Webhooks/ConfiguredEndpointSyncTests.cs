using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Tasks;
using ClbWorker.Webhooks;
using ClbWorker.Webhooks.Endpoints;
using Dapper;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// <see cref="WebhookEndpointStore.SyncConfiguredAsync"/>. A sync concerns every configured endpoint of the database,
/// so each test first syncs an empty configuration (disabling whatever earlier tests configured) and uses names of its own.
/// </summary>
public sealed class ConfiguredEndpointSyncTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan Overlap = TimeSpan.FromHours(24);

    private readonly WebhookEndpointStore store = new(database.DataSource);
    private readonly CancellationToken ct = TestContext.Current.CancellationToken;

    private static WebhookEndpointOptions Options(string? url = null, string? secret = null, params string[] eventTypes)
    {
        var options = new WebhookEndpointOptions { Url = url ?? $"https://{Guid.NewGuid():N}.example/hook", Secret = secret ?? WebhookTestData.NewSecret() };
        foreach (var type in eventTypes)
            options.EventTypes.Add(type);
        return options;
    }

    private static string NewName() => $"Ops{Guid.NewGuid():N}"[..12];

    private async Task<Dictionary<string, WebhookEndpointOptions>> FreshAsync(DateTimeOffset now)
    {
        await store.SyncConfiguredAsync(new Dictionary<string, WebhookEndpointOptions>(), Overlap, now, ct);
        return new Dictionary<string, WebhookEndpointOptions>(StringComparer.OrdinalIgnoreCase);
    }

    private async Task<WebhookEndpoint> ConfiguredAsync(string name) =>
        (await store.ListAsync(ct)).Single(e => e.Name == ConfiguredEndpoint.RowNameOf(name));

    [Fact]
    public async Task New_entries_are_added_as_config_endpoints_and_a_second_sync_changes_nothing()
    {
        var now = WebhookTestData.Now();
        var config = await FreshAsync(now);
        var (a, b) = (NewName(), NewName());
        config[a] = Options(eventTypes: [WebhookEventTypes.Succeeded, WebhookEventTypes.Failed]);
        config[b] = Options();

        var first = await store.SyncConfiguredAsync(config, Overlap, now, ct);
        var second = await store.SyncConfiguredAsync(config, Overlap, now.AddMinutes(1), ct);

        Assert.Equal(new EndpointSyncSummary(2, 0, 0), first);
        Assert.Equal(new EndpointSyncSummary(0, 0, 0), second);
        var endpoint = await ConfiguredAsync(a);
        Assert.Equal(("config:" + a.ToLowerInvariant(), WebhookEndpointSources.Config, config[a].Url, config[a].Secret, true),
            (endpoint.Name, endpoint.Source, endpoint.Url, endpoint.Secret, endpoint.Enabled));
        Assert.Equal([WebhookEventTypes.Failed, WebhookEventTypes.Succeeded], endpoint.EventTypes);
    }

    [Fact]
    public async Task A_new_secret_in_configuration_keeps_the_old_one_signing_for_the_overlap()
    {
        var now = WebhookTestData.Now();
        var config = await FreshAsync(now);
        var name = NewName();
        config[name] = Options();
        await store.SyncConfiguredAsync(config, Overlap, now, ct);
        var oldSecret = config[name].Secret;
        config[name] = Options(config[name].Url, WebhookTestData.NewSecret());

        var summary = await store.SyncConfiguredAsync(config, Overlap, now.AddMinutes(1), ct);

        Assert.Equal(new EndpointSyncSummary(0, 1, 0), summary);
        var endpoint = await ConfiguredAsync(name);
        Assert.Equal((config[name].Secret, oldSecret, now.AddMinutes(1) + Overlap),
            (endpoint.Secret, endpoint.PreviousSecret, endpoint.PreviousSecretExpiresAt));
    }

    [Fact]
    public async Task An_entry_removed_from_configuration_is_disabled_and_comes_back_with_its_deliveries_when_restored()
    {
        var now = WebhookTestData.Now();
        var config = await FreshAsync(now);
        var name = NewName();
        config[name] = Options();
        await store.SyncConfiguredAsync(config, Overlap, now, ct);
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1, callbackUrl: null);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Succeeded, now);
        var removedConfig = new Dictionary<string, WebhookEndpointOptions>(config, StringComparer.OrdinalIgnoreCase);
        removedConfig.Remove(name);

        var removal = await store.SyncConfiguredAsync(removedConfig, Overlap, now.AddMinutes(1), ct);
        var removed = await ConfiguredAsync(name);
        var parked = (await WebhookTestData.DeliveriesAsync(database.DataSource, tasks)).Single(d => d.EndpointId == removed.Id);
        var restore = await store.SyncConfiguredAsync(config, Overlap, now.AddMinutes(2), ct);
        var restored = await ConfiguredAsync(name);
        var due = (await WebhookTestData.DeliveriesAsync(database.DataSource, tasks)).Single(d => d.EndpointId == removed.Id);

        Assert.Equal((new EndpointSyncSummary(0, 0, 1), false, ConfiguredEndpoint.RemovedReason), (removal, removed.Enabled, removed.DisabledReason));
        Assert.Equal(DateTime.MaxValue, parked.NextAttemptAt);
        Assert.Equal((new EndpointSyncSummary(0, 1, 0), true, null), (restore, restored.Enabled, restored.DisabledReason));
        Assert.Equal(now.AddMinutes(2).UtcDateTime, due.NextAttemptAt);
    }

    [Fact]
    public async Task An_endpoint_disabled_for_failing_stays_disabled_until_its_url_changes_and_then_its_deliveries_follow()
    {
        var now = WebhookTestData.Now();
        var config = await FreshAsync(now);
        var name = NewName();
        config[name] = Options();
        await store.SyncConfiguredAsync(config, Overlap, now, ct);
        var endpoint = await ConfiguredAsync(name);
        var (_, tasks) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1, callbackUrl: null);
        await WebhookTestData.FinishAsync(database.DataSource, tasks, TaskStates.Succeeded, now);
        await store.DisableAsync(endpoint.Id, "410 Gone", now, ct);

        var unchanged = await store.SyncConfiguredAsync(config, Overlap, now.AddMinutes(1), ct);
        var stillDisabled = await ConfiguredAsync(name);
        config[name] = Options(secret: config[name].Secret);
        await store.SyncConfiguredAsync(config, Overlap, now.AddMinutes(2), ct);
        var moved = await ConfiguredAsync(name);

        Assert.Equal((new EndpointSyncSummary(0, 0, 0), false, "410 Gone"), (unchanged, stillDisabled.Enabled, stillDisabled.DisabledReason));
        Assert.Equal((true, config[name].Url), (moved.Enabled, moved.Url));
        var delivery = (await WebhookTestData.DeliveriesAsync(database.DataSource, tasks)).Single(d => d.EndpointId == endpoint.Id);
        Assert.Equal((config[name].Url, now.AddMinutes(2).UtcDateTime), (delivery.Url, delivery.NextAttemptAt));
    }

    [Fact]
    public async Task An_invalid_entry_names_its_key_and_changes_nothing()
    {
        var now = WebhookTestData.Now();
        var config = await FreshAsync(now);
        var (good, bad) = (NewName(), NewName());
        config[good] = Options();
        config[bad] = Options(secret: "whsec_tooshort");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.SyncConfiguredAsync(config, Overlap, now, ct));

        Assert.Contains($"Webhooks:Endpoints:{bad}:Secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_tooshort", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await store.ListAsync(ct), e => e.Name == ConfiguredEndpoint.RowNameOf(good));
    }

    [Fact]
    public async Task Concurrent_syncs_of_the_same_configuration_add_each_endpoint_once()
    {
        var now = WebhookTestData.Now();
        var config = await FreshAsync(now);
        foreach (var _ in Enumerable.Range(0, 3))
            config[NewName()] = Options();

        var summaries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.SyncConfiguredAsync(config, Overlap, now, ct)));

        Assert.Equal(3, summaries.Sum(s => s.Added));
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        var rows = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM clb.webhook_endpoints WHERE name = ANY(@names)", new { names = config.Keys.Select(ConfiguredEndpoint.RowNameOf).ToArray() });
        Assert.Equal(3, rows);
    }
}
