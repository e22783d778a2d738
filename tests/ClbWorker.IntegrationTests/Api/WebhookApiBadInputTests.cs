using System.Net;
using System.Text.Json;
using ClbWorker.Api;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>
/// Every malformed request to the webhook routes is answered 400 problem+json naming the field at fault, and writes
/// nothing. Private networks are not allowed here, as in production.
/// </summary>
public sealed class WebhookApiBadInputTests(PostgresServer server)
{
    // Secrets that are wrong in form; no answer may quote them.
    private const string NotBase64Secret = "whsec_this-is-not!base64?";
    private static readonly string ShortSecret = "whsec_" + Convert.ToBase64String(new byte[16]);
    private static readonly DeliveryListQuery Unfiltered = new(null, null, null, null, 1, null);

    [Fact]
    public async Task Malformed_webhook_requests_are_answered_400_naming_the_field_and_change_nothing()
    {
        await using var bed = await WebhookApiTestBed.StartAsync(server);
        var (endpoint, _) = await bed.CreateEndpointAsync("https://hooks.example.com/clb");
        var task = await bed.CancelNewTaskAsync("bad-input-1");
        var delivery = await bed.ScalarAsync<long>("SELECT id FROM clb.webhook_deliveries WHERE task_row_id = @task", new { task });
        var endpoints = "/api/webhook-endpoints";
        var rotate = $"{endpoints}/{endpoint}/rotate-secret";
        var recover = $"{endpoints}/{endpoint}/recover";
        var future = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        (HttpMethod Method, string Path, object? Body, string Field)[] cases =
        [
            (HttpMethod.Post, endpoints, new { eventTypes = new[] { "task.failed" } }, "url"),
            (HttpMethod.Post, endpoints, new { url = "" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "hooks.example.com/clb" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "ftp://hooks.example.com/clb" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/a b" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "https://user:pass@hooks.example.com/clb" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "http://127.0.0.1:5080/dev/webhooks" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "http://10.1.2.3/hooks" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "http://169.254.169.254/latest/meta-data" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "http://[::1]:8080/hooks" }, "url"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/" + new string('a', 2100) }, "url"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/clb", eventTypes = new[] { "task.done" } }, "eventTypes"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/clb", eventTypes = new[] { "TASK.SUCCEEDED" } }, "eventTypes"),
            (HttpMethod.Post, endpoints, """{"url":"https://hooks.example.com/clb","eventTypes":[null]}""", "eventTypes"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/clb", secret = NotBase64Secret }, "secret"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/clb", secret = ShortSecret }, "secret"),
            (HttpMethod.Post, endpoints, new { url = "https://hooks.example.com/clb", secret = "s3cr3t-without-prefix" }, "secret"),
            (HttpMethod.Post, rotate, new { overlap = "31.00:00:00" }, "overlap"),
            (HttpMethod.Post, rotate, new { overlap = "-01:00:00" }, "overlap"),
            (HttpMethod.Post, rotate, new { overlap = "P31D" }, "overlap"),
            (HttpMethod.Post, rotate, new { overlap = "a day" }, "overlap"),
            (HttpMethod.Post, rotate, new { secret = NotBase64Secret }, "secret"),
            (HttpMethod.Post, $"{endpoints}/abc/rotate-secret", new { }, "id"),
            (HttpMethod.Post, recover, new { }, "since"),
            (HttpMethod.Post, recover, new { since = "yesterday" }, "since"),
            (HttpMethod.Post, recover, new { since = "2026-11-27T22:00:00" }, "since"),
            (HttpMethod.Post, recover, new { since = future }, "since"),
            (HttpMethod.Post, $"{endpoints}/0/recover", new { since = "2026-01-01T00:00:00Z" }, "id"),
            (HttpMethod.Get, $"{endpoints}/12x", null, "id"),
            (HttpMethod.Delete, $"{endpoints}/-5", null, "id"),
            (HttpMethod.Post, $"{endpoints}/99999999999999999999/disable", null, "id"),
            (HttpMethod.Get, "/api/webhook-deliveries?state=lost", null, "state"),
            (HttpMethod.Get, "/api/webhook-deliveries?limit=0", null, "limit"),
            (HttpMethod.Get, "/api/webhook-deliveries?limit=100000", null, "limit"),
            (HttpMethod.Get, "/api/webhook-deliveries?limit=ten", null, "limit"),
            (HttpMethod.Get, "/api/webhook-deliveries?cursor=not-a-cursor", null, "cursor"),
            (HttpMethod.Get, "/api/webhook-deliveries?cursor=" + Uri.EscapeDataString(Base64Url("tasks:42")), null, "cursor"),
            // A real cursor of the task listing, and a real delivery cursor of another filter.
            (HttpMethod.Get, "/api/webhook-deliveries?cursor=" + PageCursor.Encode(PagedList.Tasks, 42, Unfiltered.Filters), null, "cursor"),
            (HttpMethod.Get, "/api/webhook-deliveries?state=failed&cursor=" + PageCursor.Encode(PagedList.WebhookDeliveries, 42, Unfiltered.Filters), null, "cursor"),
            (HttpMethod.Get, "/api/webhook-deliveries?endpointId=first", null, "endpointId"),
            (HttpMethod.Get, "/api/webhook-deliveries?taskRowId=1.5", null, "taskRowId"),
            (HttpMethod.Get, "/api/webhook-deliveries?taskId=" + Uri.EscapeDataString("two words"), null, "taskId"),
            (HttpMethod.Get, "/api/webhook-deliveries/delivery-1", null, "id"),
            (HttpMethod.Post, "/api/webhook-deliveries/x/redeliver", null, "id"),
        ];
        var before = await SnapshotAsync(bed);

        var wrong = new List<string>();
        foreach (var (method, path, body, field) in cases)
        {
            using var response = await bed.SendAsync(method, path, body);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            var sent = body as string ?? JsonSerializer.Serialize(body);
            var shown = $"{method} {path[..Math.Min(path.Length, 90)]} {sent[..Math.Min(sent.Length, 120)]}";
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{shown}: {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType} {text}");
            else if (!JsonSerializer.Deserialize<JsonElement>(text).GetProperty("errors").TryGetProperty(field, out _))
                wrong.Add($"{shown}: does not name {field}: {text}");
            else if (text.Contains(NotBase64Secret, StringComparison.Ordinal) || text.Contains(ShortSecret, StringComparison.Ordinal))
                wrong.Add($"{shown}: quotes the secret");
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.Equal(before, await SnapshotAsync(bed));
    }

    // What a request could change; the sender's own bookkeeping (attempts, failure streaks) moves by itself.
    private static Task<string> SnapshotAsync(WebhookApiTestBed bed) => bed.ScalarAsync<string>("""
        SELECT concat_ws(' / ',
            (SELECT string_agg(concat_ws('|', id, url, secret, previous_secret, event_types, enabled, disabled_reason), ';' ORDER BY id) FROM clb.webhook_endpoints),
            (SELECT string_agg(concat_ws('|', id, endpoint_id, task_row_id, url, failed_at), ';' ORDER BY id) FROM clb.webhook_deliveries),
            (SELECT string_agg(concat_ws('|', id, state), ';' ORDER BY id) FROM clb.tasks))
        """);

    private static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.ASCII.GetBytes(text));
}
