using System.Collections.Concurrent;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.Webhooks.Security;
using Dapper;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>
/// How deliveries share a process's capacity, measured at the receivers: the caps hold however many deliveries wait,
/// a slow host never takes the room other hosts need, and a host that answers again gets its waiting retries at once.
/// </summary>
public sealed class DeliveryCapacityTests(PostgresServer server)
{
    private static readonly string Secret = WebhookSecret.Generate().Reveal();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_per_host_and_overall_caps_hold_while_many_deliveries_wait_and_a_slow_host_leaves_room_for_a_fast_one()
    {
        var inFlight = 0;
        var mostInFlight = 0;
        var slowInFlight = 0;
        var mostSlowInFlight = 0;
        var arrivals = new ConcurrentQueue<(string Host, DateTimeOffset At)>();
        async Task Answer(HttpContext context, string host, TimeSpan hold, CancellationToken ct)
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref mostInFlight, now);
            if (host == "slow")
                InterlockedMax(ref mostSlowInFlight, Interlocked.Increment(ref slowInFlight));
            arrivals.Enqueue((host, DateTimeOffset.UtcNow));
            try
            {
                await Task.Delay(hold, ct);
                context.Response.StatusCode = 204;
            }
            finally
            {
                if (host == "slow")
                    Interlocked.Decrement(ref slowInFlight);
                Interlocked.Decrement(ref inFlight);
            }
        }
        await using var slow = await LoopbackServer.StartAsync((c, ct) => Answer(c, "slow", TimeSpan.FromMilliseconds(600), ct), Ct);
        await using var fast = await LoopbackServer.StartAsync((c, ct) => Answer(c, "fast", TimeSpan.Zero, ct), Ct);
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker(
            ("Webhooks:Endpoints:slow:Url", new Uri(slow.BaseAddress, "/hooks").ToString()),
            ("Webhooks:Endpoints:slow:Secret", Secret),
            ("Webhooks:SigningSecret", Secret),
            ("Webhooks:AllowPrivateNetworks", "true"),
            ("Webhooks:MaxConcurrentDeliveries", "3"),
            ("Webhooks:MaxConcurrentPerEndpoint", "2"));
        var taskIds = world.Simulated(10, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);

        await EnqueueWithCallbackAsync(world, taskIds, new Uri(fast.BaseAddress, "/callback").ToString());
        await Eventually.ReturnsAsync(() => Task.FromResult(arrivals.Count), n => n >= 20, TimeSpan.FromSeconds(60), "all 20 notifications arrived");

        Assert.InRange(mostSlowInFlight, 1, 2);
        Assert.InRange(mostInFlight, 1, 3);
        // The fast host was served beside the slow one's backlog, not after it: all its notifications arrived before the
        // slow host (2 at a time, 600 ms each) could have received 6 of its 10.
        var ordered = arrivals.OrderBy(a => a.At).ToList();
        var lastFast = ordered.FindLastIndex(a => a.Host == "fast");
        Assert.True(ordered.Take(lastFast).Count(a => a.Host == "slow") < 6,
            $"the fast host's last notification came after {ordered.Take(lastFast).Count(a => a.Host == "slow")} of the slow host's");
    }

    [Fact]
    public async Task When_a_receiver_answers_again_its_waiting_retries_go_out_at_once_not_on_their_schedule()
    {
        var up = false;
        await using var receiver = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = Volatile.Read(ref up) ? 204 : 503;
            return Task.CompletedTask;
        }, Ct);
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker(
            ("Webhooks:Endpoints:receiver:Url", new Uri(receiver.BaseAddress, "/hooks").ToString()),
            ("Webhooks:Endpoints:receiver:Secret", Secret),
            ("Webhooks:AllowPrivateNetworks", "true"));
        var during = world.Simulated(6, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);
        await world.EnqueueAsync(during);
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        // Each refused with 503: the schedule says wait at least a minute before the next attempt.
        await Eventually.ReturnsAsync(() => connection.QueryAsync<(int Attempts, DateTime Next)>(
                "SELECT attempts, next_attempt_at FROM clb.webhook_deliveries WHERE state = 'pending' AND lease_owner IS NULL"),
            rows => rows.Count() == 6 && rows.All(r => r.Attempts == 1 && r.Next > DateTime.UtcNow.AddSeconds(30)),
            TimeSpan.FromSeconds(45), "six deliveries refused once and rescheduled");

        Volatile.Write(ref up, true);
        var back = DateTimeOffset.UtcNow;
        await world.EnqueueAsync(world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero));
        await Eventually.ReturnsAsync(() => connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.webhook_deliveries WHERE state = 'delivered'"),
            delivered => delivered == 7, TimeSpan.FromSeconds(20), "all seven delivered soon after the receiver came back");

        var lastDelivered = await connection.ExecuteScalarAsync<DateTime>("SELECT max(delivered_at) FROM clb.webhook_deliveries");
        Assert.InRange(new DateTimeOffset(lastDelivered, TimeSpan.Zero) - back, TimeSpan.Zero, TimeSpan.FromSeconds(15));
    }

    private static async Task EnqueueWithCallbackAsync(PollingWorld world, IEnumerable<string> taskIds, string callbackUrl)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.ExecuteAsync(
            "INSERT INTO clb.tasks (task_id, region, callback_url) SELECT unnest(@ids), 'ap-guangzhou', @callbackUrl",
            new { ids = taskIds.ToArray(), callbackUrl });
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}
