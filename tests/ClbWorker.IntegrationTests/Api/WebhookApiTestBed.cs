using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.UnitTests.Webhooks;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>
/// One application with its own database for a webhook API test, and the calls those tests make: API requests with
/// a key, tasks made final by a cancel through the API, and rows read straight from the tables.
/// </summary>
internal sealed class WebhookApiTestBed : IAsyncDisposable
{
    private WebhookApiTestBed(PollingWorld world, WorkerApp worker)
    {
        World = world;
        Http = worker.CreateClient();
    }

    public PollingWorld World { get; }

    public HttpClient Http { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<WebhookApiTestBed> StartAsync(PostgresServer server, params (string Key, string? Value)[] settings)
    {
        var world = await PollingWorld.StartAsync(server);
        return new WebhookApiTestBed(world, world.StartWorker(settings));
    }

    /// <summary>Settings for loopback receivers with a one-second retry, so a failing receiver fails a delivery in about a second.</summary>
    public static (string, string?)[] LoopbackReceivers(params (string, string?)[] more) =>
        [("Webhooks:AllowPrivateNetworks", "true"), ("Webhooks:RetrySchedule:0", "00:00:01"), .. more];

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = TestApiKeys.Admin)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key is not null)
            request.Headers.Authorization = TestApiKeys.Bearer(key);
        if (body is string json)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        else if (body is not null)
            request.Content = JsonContent.Create(body);
        return await Http.SendAsync(request, Ct);
    }

    /// <summary>Sends the request and returns the JSON answer, failing unless the status is <paramref name="expected"/>.</summary>
    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {expected}, got {response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    /// <summary>Registers an endpoint through the API.</summary>
    /// <returns>Its id and the secret the answer showed.</returns>
    public async Task<(long Id, string Secret)> CreateEndpointAsync(string url, string[]? eventTypes = null, string? secret = null)
    {
        var created = await JsonAsync(HttpMethod.Post, "/api/webhook-endpoints", new { url, eventTypes, secret }, HttpStatusCode.Created);
        return (created.GetProperty("endpoint").GetProperty("id").GetInt64(), created.GetProperty("secret").GetString()!);
    }

    /// <summary>A pending task not due for an hour, so no poller touches it.</summary>
    public async Task<long> InsertTaskAsync(string taskId)
    {
        await using var connection = new NpgsqlConnection(World.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, next_poll_at) VALUES (@taskId, 'ap-guangzhou', now() + interval '1 hour')
            RETURNING id
            """, new { taskId });
    }

    /// <summary>Makes a new task final through the API (a cancel), which enqueues its task.cancelled notifications.</summary>
    /// <returns>The task's row id.</returns>
    public async Task<long> CancelNewTaskAsync(string taskId)
    {
        var id = await InsertTaskAsync(taskId);
        await JsonAsync(HttpMethod.Post, $"/api/tasks/{id}/cancel");
        return id;
    }

    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(World.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>Waits for a delivery's state, read through the API.</summary>
    public Task<JsonElement> DeliveryInStateAsync(long deliveryId, string state, TimeSpan within) =>
        Eventually.ReturnsAsync(() => JsonAsync(HttpMethod.Get, $"/api/webhook-deliveries/{deliveryId}"),
            d => d.GetProperty("delivery").GetProperty("state").GetString() == state, within, $"delivery {deliveryId} is {state}");

    public static bool Verifies(ReceivedRequest request, string secret) =>
        StandardWebhooksSpec.Accepts(secret, request.Header("webhook-id")!, request.Header("webhook-timestamp")!, request.Body,
            request.Header("webhook-signature"));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await World.DisposeAsync();
    }
}
