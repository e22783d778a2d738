using System.Globalization;
using System.Net;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ClbWorker.IntegrationTests.Api;

public sealed class WebhookDeliveryRouteTests(PostgresServer server)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_delivery_redelivered_through_the_api_arrives_and_its_details_show_every_attempt()
    {
        var failing = 1;
        await using var receiver = await LoopbackServer.StartAsync(FailWhile(() => Volatile.Read(ref failing) == 1), Ct);
        await using var bed = await WebhookApiTestBed.StartAsync(server, WebhookApiTestBed.LoopbackReceivers());
        var (_, secret) = await bed.CreateEndpointAsync(new Uri(receiver.BaseAddress, "/hooks").ToString());
        var task = await bed.CancelNewTaskAsync("redeliver-1");
        var id = Ids(await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?taskRowId={task}")).Single();

        var failed = await bed.DeliveryInStateAsync(id, "failed", Within);
        Volatile.Write(ref failing, 0);
        using var redeliver = await bed.SendAsync(HttpMethod.Post, $"/api/webhook-deliveries/{id}/redeliver");
        var accepted = JsonSerializer.Deserialize<JsonElement>(await redeliver.Content.ReadAsStringAsync(Ct));
        var delivered = await bed.DeliveryInStateAsync(id, "delivered", Within);
        using var unknown = await bed.SendAsync(HttpMethod.Post, "/api/webhook-deliveries/987654321/redeliver");

        Assert.Equal(new int?[] { 500, 500 }, StatusCodes(failed));
        Assert.All(failed.GetProperty("attempts").EnumerateArray(), a =>
        {
            Assert.Equal("receiver is down", a.GetProperty("responseExcerpt").GetString());
            Assert.Equal(JsonValueKind.Null, a.GetProperty("error").ValueKind); // the status says it all
            Assert.True(a.GetProperty("durationMs").GetInt64() >= 0);
        });
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        Assert.Equal($"/api/webhook-deliveries/{id}", redeliver.Headers.Location?.OriginalString);
        Assert.Equal("pending", accepted.GetProperty("delivery").GetProperty("state").GetString());
        Assert.Equal(new int?[] { 500, 500, 200 }, StatusCodes(delivered));
        Assert.Equal(3, delivered.GetProperty("delivery").GetProperty("attemptCount").GetInt32());
        Assert.Equal(task, delivered.GetProperty("body").GetProperty("data").GetProperty("id").GetInt64());
        var received = receiver.Received.ToList();
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(r => r.Header("webhook-id")).Distinct());
        Assert.True(WebhookApiTestBed.Verifies(received[^1], secret));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Recover_requeues_only_the_failed_deliveries_of_the_endpoint_created_since_the_given_time()
    {
        var failing = 1;
        await using var receiver = await LoopbackServer.StartAsync(FailWhile(() => Volatile.Read(ref failing) == 1), Ct);
        await using var bed = await WebhookApiTestBed.StartAsync(server, WebhookApiTestBed.LoopbackReceivers());
        var (endpoint, _) = await bed.CreateEndpointAsync(new Uri(receiver.BaseAddress, "/hooks").ToString());
        var earlier = await FailedDeliveryOfNewTaskAsync(bed, "recover-before");
        // Between the two by the clock that stamps created_at: the database's.
        var since = new DateTimeOffset(await bed.ScalarAsync<DateTime>("SELECT clock_timestamp()"));
        var later = await FailedDeliveryOfNewTaskAsync(bed, "recover-after");
        Volatile.Write(ref failing, 0);

        var recovered = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{endpoint}/recover", new { since = Iso(since) });
        await bed.DeliveryInStateAsync(later, "delivered", Within);
        var earlierState = await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries/{earlier}");
        var again = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{endpoint}/recover", new { since = Iso(since) });
        var wider = await bed.JsonAsync(HttpMethod.Post, $"/api/webhook-endpoints/{endpoint}/recover", new { since = Iso(since.AddHours(-1)) });
        await bed.DeliveryInStateAsync(earlier, "delivered", Within);
        using var unknown = await bed.SendAsync(HttpMethod.Post, "/api/webhook-endpoints/987654321/recover", new { since = Iso(since) });

        Assert.Equal(1, recovered.GetProperty("requeued").GetInt32());
        Assert.Equal("failed", earlierState.GetProperty("delivery").GetProperty("state").GetString());
        Assert.Equal(0, again.GetProperty("requeued").GetInt32());
        Assert.Equal(1, wider.GetProperty("requeued").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Paging_through_deliveries_returns_each_exactly_once_newest_first_even_while_new_ones_arrive()
    {
        await using var receiver = await LoopbackServer.StartAsync((_, _) => Task.CompletedTask, Ct);
        await using var bed = await WebhookApiTestBed.StartAsync(server, WebhookApiTestBed.LoopbackReceivers());
        var (first, _) = await bed.CreateEndpointAsync(new Uri(receiver.BaseAddress, "/one").ToString());
        var (second, _) = await bed.CreateEndpointAsync(new Uri(receiver.BaseAddress, "/two").ToString());
        var tasks = await FinishNewTasksAsync(bed, "page", 23);

        var expected = await DeliveryIdsAsync(bed, "endpoint_id = @first", new { first });
        var ofFirst = new List<long>();
        var page = await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?endpointId={first}&limit=5");
        ofFirst.AddRange(Ids(page));
        await FinishNewTasksAsync(bed, "late", 4); // newer rows: above the cursor, so never in the pages that follow
        while (page.GetProperty("nextCursor").GetString() is { } cursor)
        {
            page = await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?endpointId={first}&limit=5&cursor={Uri.EscapeDataString(cursor)}");
            Assert.InRange(Ids(page).Count, 1, 5);
            ofFirst.AddRange(Ids(page));
        }
        var everything = await PageAllAsync(bed, "limit=7");
        var ofTask = Ids(await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?taskRowId={tasks[3]}"));
        var byTencentId = Ids(await bed.JsonAsync(HttpMethod.Get, "/api/webhook-deliveries?taskId=page-3"));
        var failed = Ids(await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?endpointId={second}&state=failed"));

        Assert.Equal(23, ofFirst.Count);
        Assert.Equal(expected, ofFirst);
        Assert.Equal(await DeliveryIdsAsync(bed, "true", null), everything);
        Assert.Equal(54, everything.Count);
        Assert.Equal(await DeliveryIdsAsync(bed, "task_row_id = @task", new { task = tasks[3] }), ofTask);
        Assert.Equal(2, ofTask.Count);
        Assert.Equal(ofTask, byTencentId);
        Assert.Empty(failed);
    }

    private static Func<HttpContext, CancellationToken, Task> FailWhile(Func<bool> failing) => async (context, ct) =>
    {
        if (!failing())
            return;
        context.Response.StatusCode = 500;
        await context.Response.WriteAsync("receiver is down", ct);
    };

    private static async Task<long> FailedDeliveryOfNewTaskAsync(WebhookApiTestBed bed, string taskId)
    {
        var task = await bed.CancelNewTaskAsync(taskId);
        var id = Ids(await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?taskRowId={task}")).Single();
        await bed.DeliveryInStateAsync(id, "failed", Within);
        return id;
    }

    /// <returns>The tasks' row ids; task ids are <paramref name="prefix"/>-0, -1, ...</returns>
    private static async Task<long[]> FinishNewTasksAsync(WebhookApiTestBed bed, string prefix, int count)
    {
        await using var connection = new NpgsqlConnection(bed.World.ConnectionString);
        var ids = (await connection.QueryAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, next_poll_at)
            SELECT @prefix || '-' || g, 'ap-guangzhou', now() + interval '1 hour' FROM generate_series(0, @count - 1) g
            RETURNING id
            """, new { prefix, count })).Order().ToArray();
        await connection.ExecuteAsync(
            "UPDATE clb.tasks SET state = 'cancelled', completed_at = now(), updated_at = now() WHERE id = ANY(@ids)", new { ids });
        return ids;
    }

    private static async Task<List<long>> PageAllAsync(WebhookApiTestBed bed, string query)
    {
        var ids = new List<long>();
        string? cursor = null;
        do
        {
            var page = await bed.JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries?{query}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            ids.AddRange(Ids(page));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return ids;
    }

    private static async Task<List<long>> DeliveryIdsAsync(WebhookApiTestBed bed, string where, object? parameters)
    {
        await using var connection = new NpgsqlConnection(bed.World.ConnectionString);
        return (await connection.QueryAsync<long>($"SELECT id FROM clb.webhook_deliveries WHERE {where} ORDER BY id DESC", parameters)).AsList();
    }

    private static List<long> Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64())];

    private static int?[] StatusCodes(JsonElement details) =>
        [.. details.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Null ? (int?)null : a.GetProperty("statusCode").GetInt32())];

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
