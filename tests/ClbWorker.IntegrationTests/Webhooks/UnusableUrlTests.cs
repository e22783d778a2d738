using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.Webhooks.Security;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// A webhook URL that breaks the rule (refused when written since migration 0013, see TaskConstraintTests) held by an
/// older row: its delivery fails alone with the reason while everything claimed with it goes on.
/// </summary>
public sealed class UnusableUrlTests(PostgresServer server)
{
    private static readonly string Secret = WebhookSecret.Generate().Reveal();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_older_row_whose_callback_url_breaks_the_rule_fails_alone_with_the_reason_and_the_tasks_other_delivery_goes_out()
    {
        await using var receiver = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        }, Ct);
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker(
            ("Webhooks:Endpoints:receiver:Url", new Uri(receiver.BaseAddress, "/hooks").ToString()),
            ("Webhooks:Endpoints:receiver:Secret", Secret),
            ("Webhooks:SigningSecret", Secret),
            ("Webhooks:AllowPrivateNetworks", "true"));
        var taskIds = world.Simulated(3, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.OpenAsync(Ct);
        // As a row written before the rule was: triggers off for this one statement only.
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await connection.ExecuteAsync("SET LOCAL session_replication_role = replica", transaction: transaction);
            await connection.ExecuteAsync("""
                INSERT INTO clb.tasks (task_id, region, callback_url)
                SELECT id, 'ap-guangzhou', url FROM unnest(@ids, @urls) AS u(id, url)
                """, new { ids = taskIds.ToArray(), urls = new[] { "http://example.test:99999/hook", "http://[::1/hook", null } }, transaction);
            await transaction.CommitAsync(Ct);
        }
        await connection.ExecuteAsync("SELECT pg_notify('clb_tasks_enqueued', '')");

        var deliveries = await Eventually.ReturnsAsync(() => DeliveriesAsync(connection),
            rows => rows.Count == 5 && rows.All(d => d.State != "pending"), TimeSpan.FromSeconds(45), "every delivery finished");

        Assert.All(deliveries.Where(d => d.EndpointId is not null), d => Assert.Equal("delivered", d.State));
        var callbacks = deliveries.Where(d => d.EndpointId is null).OrderBy(d => d.Url).ToList();
        Assert.Equal(["failed", "failed"], callbacks.Select(d => d.State));
        Assert.Contains("the URL's host is not a host name", callbacks[0].Error, StringComparison.Ordinal);
        Assert.Contains("the URL's port '99999' is not a number from 1 to 65535", callbacks[1].Error, StringComparison.Ordinal);
        Assert.All(callbacks, d => Assert.Equal(1, d.Attempts));
        Assert.Equal(3, receiver.Received.Count);
    }

    private static async Task<List<DeliveryRow>> DeliveriesAsync(NpgsqlConnection connection) =>
        (await connection.QueryAsync<DeliveryRow>("""
            SELECT d.url AS Url, d.endpoint_id AS EndpointId, d.state AS State, d.attempts AS Attempts,
                   (SELECT a.error FROM clb.webhook_attempts a WHERE a.delivery_id = d.id ORDER BY a.id DESC LIMIT 1) AS Error
            FROM clb.webhook_deliveries d
            """)).AsList();

    private sealed record DeliveryRow(string Url, long? EndpointId, string State, int Attempts, string? Error);
}
