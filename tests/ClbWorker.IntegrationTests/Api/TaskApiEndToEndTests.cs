using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.UnitTests.Webhooks;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.IntegrationTests.Api;

public sealed class TaskApiEndToEndTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_task_enqueued_over_http_is_polled_and_its_signed_webhook_reaches_the_callback_url()
    {
        var secret = WebhookSecret.Generate().Reveal();
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.NoContent, Ct);
        await using var world = await PollingWorld.StartAsync(server);
        // The receiver listens on loopback, which only an explicit setting allows.
        var logs = new CapturedLogs();
        var worker = world.StartServedWorker(logs, ("Webhooks:SigningSecret", secret), ("Webhooks:AllowPrivateNetworks", "true"));
        var taskId = world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(1)).Single();
        using var http = worker.CreateClient();
        http.DefaultRequestHeaders.Authorization = TestApiKeys.Bearer(TestApiKeys.Admin);

        var response = await http.PostAsJsonAsync("/api/tasks", new
        {
            taskId,
            region = "ap-guangzhou",
            callbackUrl = new Uri(receiver.BaseAddress, "/hooks/clb").ToString(),
            metadata = new { change = "add listener 443" },
        }, Ct);
        // Generous: the polling and delivery jobs start on their Hangfire schedules, which a loaded machine delays.
        try
        {
            await receiver.FirstRequest.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail("No webhook within 60 s. Log:\n" + string.Join("\n", logs.Entries.Where(e => !e.Contains("Npgsql", StringComparison.Ordinal)
                && !e.Contains("Microsoft.AspNetCore", StringComparison.Ordinal)).TakeLast(60)));
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        var received = receiver.Received.First();
        Assert.Equal("/hooks/clb", received.Path);
        Assert.True(StandardWebhooksSpec.Accepts(secret, received.Header("webhook-id")!, received.Header("webhook-timestamp")!, received.Body,
            received.Header("webhook-signature")), "the signature does not verify with the signing secret");
        using var body = JsonDocument.Parse(received.Body);
        Assert.Equal("task.succeeded", body.RootElement.GetProperty("type").GetString());
        var data = body.RootElement.GetProperty("data");
        Assert.Equal((id, taskId), (data.GetProperty("id").GetInt64(), data.GetProperty("taskId").GetString()));
        Assert.Equal("add listener 443", data.GetProperty("metadata").GetProperty("change").GetString());
        var task = await http.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}", Ct);
        Assert.Equal(("succeeded", 0), (task.GetProperty("state").GetString(), task.GetProperty("lastStatus").GetInt32()));
    }
}
