using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.Webhooks.Security;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Api;

/// <summary>
/// A task given by its order id (DealName) is polled with DealName, and what Tencent answers beyond the status
/// (LoadBalancerIds, Message) reaches the database, the API, the webhook body, the log and the dashboard.
/// </summary>
public sealed class DealNameEndToEndTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_deal_name_task_carries_its_load_balancer_ids_and_message_everywhere()
    {
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.NoContent, Ct);
        await using var world = await PollingWorld.StartAsync(server);
        var logs = new CapturedLogs();
        var worker = world.StartServedWorker(logs,
            ("Webhooks:Endpoints:receiver:Url", new Uri(receiver.BaseAddress, "/hooks").ToString()),
            ("Webhooks:Endpoints:receiver:Secret", WebhookSecret.Generate().Reveal()), ("Webhooks:AllowPrivateNetworks", "true"));
        var dealName = world.State.CreateTasks(new SimulatedTaskRequest
        {
            Kind = SimulatedTaskKind.DealName, Outcome = SimulatedTaskOutcome.Failed, Delay = TimeSpan.FromSeconds(1),
            LoadBalancerIds = ["lb-deal0001", "lb-deal0002"], Message = "insufficient account balance for the prepaid order",
        }).Single().TaskId;
        using var http = worker.CreateClient();
        http.DefaultRequestHeaders.Authorization = TestApiKeys.Bearer(TestApiKeys.Admin);

        using var created = await http.PostAsJsonAsync("/api/tasks", new { dealName, region = "ap-guangzhou" }, Ct);
        using var both = await http.PostAsJsonAsync("/api/tasks", new { dealName, taskId = "x", region = "ap-guangzhou" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        await receiver.FirstRequest.WaitAsync(TimeSpan.FromSeconds(60), Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.BadRequest), (created.StatusCode, both.StatusCode));
        var problem = await both.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("dealName", out _) && problem.GetProperty("errors").TryGetProperty("taskId", out _));

        await using (var connection = new NpgsqlConnection(world.ConnectionString))
        {
            var row = await connection.QuerySingleAsync<(string State, string TaskKind, string[] LoadBalancerIds, string LastMessage)>(
                "SELECT state, task_kind, load_balancer_ids, last_message FROM clb.tasks WHERE id = @id", new { id });
            Assert.Equal(("failed", "deal_name", "insufficient account balance for the prepaid order"), (row.State, row.TaskKind, row.LastMessage));
            Assert.Equal(["lb-deal0001", "lb-deal0002"], row.LoadBalancerIds);
        }

        var resource = await http.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}", Ct);
        Assert.Equal((JsonValueKind.Null, "deal_name", dealName, "insufficient account balance for the prepaid order"),
            (resource.GetProperty("taskId").ValueKind, resource.GetProperty("taskKind").GetString(), resource.GetProperty("dealName").GetString(),
             resource.GetProperty("message").GetString()));
        Assert.Equal(["lb-deal0001", "lb-deal0002"], resource.GetProperty("loadBalancerIds").EnumerateArray().Select(e => e.GetString()));
        var listed = await http.GetFromJsonAsync<JsonElement>($"/api/tasks?dealName={dealName}", Ct);
        Assert.Equal(id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>($"/api/tasks?taskId={dealName}", Ct)).GetProperty("items").EnumerateArray());

        using var body = JsonDocument.Parse(receiver.Received.First().Body);
        var data = body.RootElement.GetProperty("data");
        Assert.Equal(("task.failed", "deal_name", dealName, "insufficient account balance for the prepaid order"),
            (body.RootElement.GetProperty("type").GetString(), data.GetProperty("taskKind").GetString(), data.GetProperty("dealName").GetString(),
             data.GetProperty("message").GetString()));
        Assert.Equal(["lb-deal0001", "lb-deal0002"], data.GetProperty("loadBalancerIds").EnumerateArray().Select(e => e.GetString()));

        var failure = Assert.Single(logs.Entries, e => e.Contains("Tencent Cloud reports the task failed", StringComparison.Ordinal));
        Assert.Contains("insufficient account balance for the prepaid order; load balancers: lb-deal0001, lb-deal0002", failure, StringComparison.Ordinal);
        Assert.Contains($"Task {dealName} of account default in ap-guangzhou", failure, StringComparison.Ordinal);

        using var page = await worker.CreateClient().GetAsync($"/hangfire/clb/tasks/{id}", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("DealName (order id)", html, StringComparison.Ordinal);
        Assert.Contains("insufficient account balance for the prepaid order", html, StringComparison.Ordinal);
        Assert.Contains("lb-deal0001, lb-deal0002", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_insert_with_task_kind_deal_name_is_polled_by_DealName()
    {
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker();
        var dealName = world.State.CreateTasks(new SimulatedTaskRequest { Kind = SimulatedTaskKind.DealName, Delay = TimeSpan.FromSeconds(1) }).Single().TaskId;

        await using (var connection = new NpgsqlConnection(world.ConnectionString))
            await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region, task_kind) VALUES (@dealName, 'ap-guangzhou', 'deal_name')", new { dealName });
        var row = Assert.Single(await world.AllFinalAsync(1, TimeSpan.FromSeconds(30)));

        Assert.Equal(("succeeded", (string?)null), (row.State, row.ErrorCode));
    }
}
