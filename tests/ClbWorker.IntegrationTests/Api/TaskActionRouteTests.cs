using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Api;

public sealed class TaskActionRouteTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancel_makes_a_pending_task_cancelled_once_and_poll_makes_it_due_only_while_pending()
    {
        await using var world = await PollingWorld.StartAsync(server);
        var worker = world.StartWorker();
        var id = await InsertNotDueAsync(world, "cancel-1");
        using var http = worker.CreateClient();

        var missing = await SendAsync(http, HttpMethod.Post, "/api/tasks/987654321/cancel", TestApiKeys.Admin);
        var cancelled = await SendAsync(http, HttpMethod.Post, $"/api/tasks/{id}/cancel", TestApiKeys.Admin);
        var again = await SendAsync(http, HttpMethod.Post, $"/api/tasks/{id}/cancel", TestApiKeys.Admin);
        var poll = await SendAsync(http, HttpMethod.Post, $"/api/tasks/{id}/poll", TestApiKeys.Admin);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("cancelled", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, poll.StatusCode);
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM clb.webhook_deliveries WHERE task_row_id = @id AND event_type = 'task.cancelled'", new { id }));
    }

    [Fact]
    public async Task Poll_now_makes_a_task_due_and_the_pollers_take_it_at_once()
    {
        await using var world = await PollingWorld.StartAsync(server);
        var logs = new CapturedLogs();
        var worker = world.StartServedWorker(logs);
        var tasks = world.Simulated(2, ClbWorker.Simulator.SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);
        var id = await InsertNotDueAsync(world, tasks[0]);
        using var http = worker.CreateClient();
        // A task due at once, polled and final: the polling loop runs and listens, with nothing left to do.
        await world.EnqueueAsync([tasks[1]]);
        await Eventually.ReturnsAsync(world.TasksAsync, rows => rows.Any(r => r.TaskId == tasks[1] && r.State == "succeeded"),
            TimeSpan.FromSeconds(60), "the polling loop running");
        Assert.Equal("pending", await StateAsync(world, id));

        var poll = await SendAsync(http, HttpMethod.Post, $"/api/tasks/{id}/poll", TestApiKeys.Admin);

        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        await Eventually.ReturnsAsync(() => StateAsync(world, id), s => s == "succeeded", TimeSpan.FromSeconds(10),
            "the task polled and final; polling log:\n" + string.Join("\n", logs.Entries.Where(e => e.Contains("Polling", StringComparison.Ordinal)).TakeLast(40)));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = TestApiKeys.Bearer(key);
        return await http.SendAsync(request, Ct);
    }

    // A callback URL makes the cancel produce a delivery; not due for an hour, so no poller touches it meanwhile.
    private static async Task<long> InsertNotDueAsync(PollingWorld world, string taskId)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, callback_url, next_poll_at)
            VALUES (@taskId, 'ap-guangzhou', 'https://hooks.example.com/clb', now() + interval '1 hour')
            RETURNING id
            """, new { taskId });
    }

    private static async Task<string> StateAsync(PollingWorld world, long id)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.ExecuteScalarAsync<string>("SELECT state FROM clb.tasks WHERE id = @id", new { id }) ?? "";
    }
}
