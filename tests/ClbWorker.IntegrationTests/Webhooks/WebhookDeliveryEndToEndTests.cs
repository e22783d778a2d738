using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.UnitTests.Webhooks;
using ClbWorker.Webhooks.Security;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>The application end to end: a task polled to its end, its notification signed and delivered to a loopback receiver.</summary>
public sealed class WebhookDeliveryEndToEndTests(PostgresServer server)
{
    private static readonly string Secret = WebhookSecret.Generate().Reveal();

    private static (string, string?)[] Endpoint(LoopbackServer receiver, params (string, string?)[] more) =>
    [
        ("Webhooks:Endpoints:receiver:Url", new Uri(receiver.BaseAddress, "/hooks").ToString()),
        ("Webhooks:Endpoints:receiver:Secret", Secret),
        ("Webhooks:AllowPrivateNetworks", "true"),
        ("Webhooks:RetrySchedule:0", "00:00:01"),
        .. more,
    ];

    [Fact]
    public async Task A_receiver_failing_once_gets_the_same_signed_message_again_and_the_delivery_ends_delivered()
    {
        var answers = 0;
        await using var receiver = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref answers) == 1 ? 500 : 200;
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker(Endpoint(receiver));
        var taskId = world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero).Single();

        await world.EnqueueAsync([taskId]);
        var delivery = await Eventually.ReturnsAsync(() => DeliveryAsync(world), d => d?.State == "delivered", TimeSpan.FromSeconds(30), "the delivery is delivered");

        var received = receiver.Received.ToList();
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.Header("webhook-id")).Distinct());
        Assert.All(received, r => Assert.True(StandardWebhooksSpec.Accepts(Secret, r.Header("webhook-id")!, r.Header("webhook-timestamp")!, r.Body, r.Header("webhook-signature")),
            "the signature does not verify"));
        using var body = JsonDocument.Parse(received[1].Body);
        Assert.Equal("task.succeeded", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(taskId, body.RootElement.GetProperty("data").GetProperty("taskId").GetString());
        Assert.Equal((2, "[500, 200]"), (delivery!.Attempts, delivery.StatusCodes));
    }

    [Fact]
    public async Task A_notification_cut_off_by_a_stopping_worker_is_delivered_by_the_next_one()
    {
        var hang = true;
        await using var receiver = await LoopbackServer.StartAsync(async (context, ct) =>
        {
            if (Volatile.Read(ref hang))
                await Task.Delay(Timeout.Infinite, ct);
            context.Response.StatusCode = 204;
        }, TestContext.Current.CancellationToken);
        await using var world = await PollingWorld.StartAsync(server);
        var settings = Endpoint(receiver, ("Webhooks:Timeout", "00:00:10"), ("Webhooks:LeaseDuration", "00:00:14"));
        var first = world.StartWorker(settings);
        var taskId = world.Simulated(1, SimulatedTaskOutcome.Failed, TimeSpan.Zero).Single();

        await world.EnqueueAsync([taskId]);
        await receiver.FirstRequest.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await first.DisposeAsync(); // stops mid-send: the task is final, its notification not yet delivered
        Assert.Equal("pending", (await DeliveryAsync(world))!.State);
        Volatile.Write(ref hang, false);
        world.StartWorker(settings);
        var delivery = await Eventually.ReturnsAsync(() => DeliveryAsync(world), d => d?.State == "delivered", TimeSpan.FromSeconds(40), "the delivery is delivered");

        var received = receiver.Received.ToList();
        Assert.True(received.Count >= 2);
        Assert.Single(received.Select(r => r.Header("webhook-id")).Distinct());
        Assert.Equal("[204]", delivery!.StatusCodes);
        Assert.Equal("failed", (await world.TasksAsync()).Single().State);
    }

    private static async Task<Delivery?> DeliveryAsync(PollingWorld world)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.QuerySingleOrDefaultAsync<Delivery>("""
            SELECT d.state AS State, d.attempts AS Attempts,
                   (SELECT coalesce(json_agg(a.status_code ORDER BY a.id), '[]')::text FROM clb.webhook_attempts a WHERE a.delivery_id = d.id) AS StatusCodes
            FROM clb.webhook_deliveries d
            """);
    }

    private sealed record Delivery(string State, int Attempts, string StatusCodes);
}
