using System.Net;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.IntegrationTests.Api;

public sealed class WebhookEndpointRouteTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_routes_refuse_requests_without_a_key_and_readers_may_only_read()
    {
        await using var bed = await WebhookApiTestBed.StartAsync(server);
        var (id, secret) = await bed.CreateEndpointAsync("https://hooks.example.com/clb");
        var deliveryTask = await bed.CancelNewTaskAsync("auth-hooks-1");
        var deliveryId = await bed.ScalarAsync<long>("SELECT id FROM clb.webhook_deliveries WHERE task_row_id = @deliveryTask", new { deliveryTask });
        (HttpMethod Method, string Path, object? Body)[] reads =
        [
            (HttpMethod.Get, "/api/webhook-endpoints", null),
            (HttpMethod.Get, $"/api/webhook-endpoints/{id}", null),
            (HttpMethod.Get, "/api/webhook-deliveries", null),
            (HttpMethod.Get, $"/api/webhook-deliveries/{deliveryId}", null),
        ];
        (HttpMethod Method, string Path, object? Body)[] writes =
        [
            (HttpMethod.Post, "/api/webhook-endpoints", new { url = "https://hooks.example.com/other" }),
            (HttpMethod.Delete, $"/api/webhook-endpoints/{id}", null),
            (HttpMethod.Post, $"/api/webhook-endpoints/{id}/rotate-secret", new { }),
            (HttpMethod.Post, $"/api/webhook-endpoints/{id}/disable", null),
            (HttpMethod.Post, $"/api/webhook-endpoints/{id}/enable", null),
            (HttpMethod.Post, $"/api/webhook-endpoints/{id}/recover", new { since = "2026-01-01T00:00:00Z" }),
            (HttpMethod.Post, $"/api/webhook-deliveries/{deliveryId}/redeliver", null),
        ];
        var before = await EndpointRowsAsync(bed);

        foreach (var (method, path, body) in reads.Concat(writes))
        {
            using var none = await bed.SendAsync(method, path, body, key: null);
            Assert.True(none.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} without a key: {none.StatusCode}");
            Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        }
        foreach (var (method, path, body) in writes)
        {
            using var reader = await bed.SendAsync(method, path, body, TestApiKeys.Reader);
            Assert.True(reader.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} with the reader key: {reader.StatusCode}");
        }
        foreach (var (method, path, body) in reads)
        {
            using var reader = await bed.SendAsync(method, path, body, TestApiKeys.Reader);
            Assert.True(reader.StatusCode == HttpStatusCode.OK, $"{method} {path} with the reader key: {reader.StatusCode}");
            Assert.DoesNotContain(secret, await reader.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(before, await EndpointRowsAsync(bed));
        Assert.Equal("pending", await bed.ScalarAsync<string>("SELECT state FROM clb.webhook_deliveries WHERE id = @deliveryId", new { deliveryId }));
    }

    [Fact]
    public async Task A_registered_endpoint_receives_notifications_signed_with_the_secret_shown_once_and_only_of_its_event_types()
    {
        await using var receiver = await LoopbackServer.StartAsync((context, _) => Task.CompletedTask, Ct);
        await using var bed = await WebhookApiTestBed.StartAsync(server, WebhookApiTestBed.LoopbackReceivers());
        var url = new Uri(receiver.BaseAddress, "/succeeded-only").ToString();
        var supplied = WebhookSecret.Generate().Reveal();

        using var response = await bed.SendAsync(HttpMethod.Post, "/api/webhook-endpoints", new { url, eventTypes = new[] { "task.succeeded" } });
        var created = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(Ct));
        var (allId, allSecret) = await bed.CreateEndpointAsync(new Uri(receiver.BaseAddress, "/all").ToString(), secret: supplied);
        var id = created.GetProperty("endpoint").GetProperty("id").GetInt64();
        var secret = created.GetProperty("secret").GetString()!;
        var shown = await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-endpoints/{id}");
        var listed = await bed.JsonAsync(HttpMethod.Get, "/api/webhook-endpoints");
        var taskId = bed.World.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero).Single();
        await bed.World.EnqueueAsync([taskId]);
        await bed.CancelNewTaskAsync("cancelled-1");
        await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 3, TimeSpan.FromSeconds(30), "three notifications");
        // Deliveries are written with the task's final state, so a wrong fourth one would be a row: wait until none is left to send.
        await Eventually.ReturnsAsync(() => bed.ScalarAsync<long>(
                "SELECT count(*) FROM clb.webhook_deliveries WHERE endpoint_id IN (@id, @allId) AND state <> 'delivered'", new { id, allId }),
            n => n == 0, TimeSpan.FromSeconds(30), "every delivery of both endpoints sent");
        Assert.Equal(3, await bed.ScalarAsync<long>("SELECT count(*) FROM clb.webhook_deliveries WHERE endpoint_id IN (@id, @allId)", new { id, allId }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/webhook-endpoints/{id}", response.Headers.Location?.OriginalString);
        Assert.True(WebhookSecret.TryParse(secret, out _, out _));
        Assert.Equal(supplied, allSecret);
        Assert.Equal(["task.succeeded"], shown.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("api", shown.GetProperty("source").GetString());
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(supplied, listed.ToString(), StringComparison.Ordinal);
        Assert.Contains(allId, listed.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        var received = receiver.Received.ToList();
        Assert.Equal(3, received.Count);
        var toFiltered = Assert.Single(received, r => r.Path == "/succeeded-only");
        Assert.Contains("\"type\":\"task.succeeded\"", System.Text.Encoding.UTF8.GetString(toFiltered.Body), StringComparison.Ordinal);
        Assert.True(WebhookApiTestBed.Verifies(toFiltered, secret), "the notification does not verify with the secret shown at creation");
        Assert.All(received.Where(r => r.Path == "/all"), r => Assert.True(WebhookApiTestBed.Verifies(r, supplied)));
        Assert.Equal(2, received.Count(r => r.Path == "/all"));
    }

    [Fact]
    public async Task During_a_rotation_overlap_notifications_verify_with_the_old_and_the_new_secret_and_a_rotation_without_overlap_drops_the_old()
    {
        await using var receiver = await LoopbackServer.StartAsync((context, _) => Task.CompletedTask, Ct);
        await using var bed = await WebhookApiTestBed.StartAsync(server, WebhookApiTestBed.LoopbackReceivers());
        var (id, first) = await bed.CreateEndpointAsync(new Uri(receiver.BaseAddress, "/hooks").ToString());

        var rotated = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{id}/rotate-secret");
        var second = rotated.GetProperty("secret").GetString()!;
        await bed.CancelNewTaskAsync("rotation-1");
        var duringOverlap = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received.ToList()), r => r.Count == 1,
            TimeSpan.FromSeconds(30), "the notification sent during the overlap");
        var third = WebhookSecret.Generate().Reveal();
        var immediate = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{id}/rotate-secret", new { overlap = "00:00:00", secret = third });
        await bed.CancelNewTaskAsync("rotation-2");
        var afterwards = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received.ToList()), r => r.Count == 2,
            TimeSpan.FromSeconds(30), "the notification sent after the immediate rotation");

        Assert.NotEqual(first, second);
        var overlapEnds = rotated.GetProperty("endpoint").GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(overlapEnds - DateTimeOffset.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24));
        var message = duringOverlap[0];
        Assert.Equal(2, message.Header("webhook-signature")!.Split(' ').Count(s => s.StartsWith("v1,", StringComparison.Ordinal)));
        Assert.True(WebhookApiTestBed.Verifies(message, first), "the notification does not verify with the old secret");
        Assert.True(WebhookApiTestBed.Verifies(message, second), "the notification does not verify with the new secret");
        Assert.Equal(third, immediate.GetProperty("secret").GetString());
        Assert.Equal(JsonValueKind.Null, immediate.GetProperty("endpoint").GetProperty("previousSecretExpiresAt").ValueKind);
        Assert.Single(afterwards[1].Header("webhook-signature")!.Split(' '));
        Assert.True(WebhookApiTestBed.Verifies(afterwards[1], third));
        Assert.False(WebhookApiTestBed.Verifies(afterwards[1], second));
    }

    [Fact]
    public async Task A_configured_endpoint_cannot_be_deleted_or_rotated_through_the_api_but_can_be_disabled_and_enabled()
    {
        var configuredSecret = WebhookSecret.Generate().Reveal();
        await using var bed = await WebhookApiTestBed.StartAsync(server,
            ("Webhooks:Endpoints:Billing:Url", "https://billing.example.com/hooks"), ("Webhooks:Endpoints:Billing:Secret", configuredSecret));
        var id = await bed.ScalarAsync<long>("SELECT id FROM clb.webhook_endpoints WHERE name = 'config:billing'");

        using var delete = await bed.SendAsync(HttpMethod.Delete, $"/api/webhook-endpoints/{id}");
        using var rotate = await bed.SendAsync(HttpMethod.Post, $"/api/webhook-endpoints/{id}/rotate-secret");
        var disabled = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{id}/disable");
        var notified = await bed.CancelNewTaskAsync("while-disabled");
        var enabled = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{id}/enable");

        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("Webhooks:Endpoints:billing", await delete.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, rotate.StatusCode);
        Assert.Contains(":Secret", await rotate.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(configuredSecret, await bed.ScalarAsync<string>("SELECT secret FROM clb.webhook_endpoints WHERE id = @id", new { id }));
        Assert.False(disabled.GetProperty("enabled").GetBoolean());
        Assert.Contains("test-admin", disabled.GetProperty("disabledReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await bed.ScalarAsync<int>("SELECT count(*) FROM clb.webhook_deliveries WHERE task_row_id = @notified", new { notified }));
        Assert.True(enabled.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, enabled.GetProperty("disabledReason").ValueKind);
    }

    [Fact]
    public async Task Deleting_an_endpoint_drops_its_pending_deliveries_and_leaves_other_endpoints_alone()
    {
        await using var bed = await WebhookApiTestBed.StartAsync(server);
        var (doomed, _) = await bed.CreateEndpointAsync("https://doomed.example.com/hooks");
        var (kept, _) = await bed.CreateEndpointAsync("https://kept.example.com/hooks");
        var task = await bed.CancelNewTaskAsync("delete-1");
        const string CountSql = "SELECT count(*) FROM clb.webhook_deliveries WHERE task_row_id = @task AND endpoint_id = @endpoint";

        var pendingBefore = await bed.ScalarAsync<int>(CountSql + " AND state = 'pending'", new { task, endpoint = doomed });
        using var deleted = await bed.SendAsync(HttpMethod.Delete, $"/api/webhook-endpoints/{doomed}");
        using var again = await bed.SendAsync(HttpMethod.Delete, $"/api/webhook-endpoints/{doomed}");
        using var get = await bed.SendAsync(HttpMethod.Get, $"/api/webhook-endpoints/{doomed}");

        Assert.Equal(1, pendingBefore);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(0, await bed.ScalarAsync<int>(CountSql, new { task, endpoint = doomed }));
        Assert.Equal(1, await bed.ScalarAsync<int>(CountSql, new { task, endpoint = kept }));
    }

    // What an API call could change; the sender's failure streak (first_failure_at) moves by itself.
    private static Task<string> EndpointRowsAsync(WebhookApiTestBed bed) => bed.ScalarAsync<string>(
        "SELECT coalesce(string_agg(concat_ws('|', id, url, secret, previous_secret, event_types, enabled, disabled_reason), ';' ORDER BY id), '') "
        + "FROM clb.webhook_endpoints");
}
