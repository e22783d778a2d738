using System.Text;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.IntegrationTests.Observability;

/// <summary>/metrics after an end-to-end run: the counts match what the database and the simulator saw.</summary>
public sealed class MetricsEndpointTests(PostgresServer server)
{
    [Fact]
    public async Task After_a_run_metrics_count_every_poll_and_final_state_by_outcome_and_every_delivery()
    {
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.NoContent, TestContext.Current.CancellationToken);
        await using var world = await PollingWorld.StartAsync(server);
        var worker = world.StartServedWorker(null,
            ("Webhooks:Endpoints:receiver:Url", new Uri(receiver.BaseAddress, "/hooks").ToString()),
            ("Webhooks:Endpoints:receiver:Secret", WebhookSecret.Generate().Reveal()),
            ("Webhooks:AllowPrivateNetworks", "true"));
        var succeed = world.Simulated(20, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(2));
        var fail = world.Simulated(10, SimulatedTaskOutcome.Failed, TimeSpan.Zero);
        var unknown = world.Simulated(5, SimulatedTaskOutcome.Unknown, TimeSpan.Zero);
        var never = world.Simulated(5, SimulatedTaskOutcome.Never, TimeSpan.Zero);

        await world.EnqueueAsync(succeed.Concat(fail).Concat(unknown));
        await world.EnqueueAsync(never, deadline: DateTimeOffset.UtcNow.AddSeconds(4));
        var rows = await world.AllFinalAsync(40, TimeSpan.FromSeconds(60));
        using var http = worker.CreateClient();
        var metrics = await Eventually.ReturnsAsync(async () => PrometheusText.Parse(await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken)),
            m => m.Sum("clb_webhook_attempts_total", ("outcome", "delivered")) >= 40 && m.Sum("clb_task_transitions_total") >= 40,
            TimeSpan.FromSeconds(30), "40 transitions and 40 deliveries counted");

        Assert.Equal(
            (20, 10, 5, 5),
            (Transitions(metrics, "succeeded"), Transitions(metrics, "failed"), Transitions(metrics, "invalid"), Transitions(metrics, "timed_out")));
        Assert.Equal(
            (20, 10, 5),
            (Polls(metrics, "succeeded"), Polls(metrics, "failed"), metrics.Sum("clb_polls_total", ("outcome", "api_error"), ("error_code", "InvalidParameter"))));
        Assert.True(Polls(metrics, "status_running") >= 5, "tasks that never end were polled while running");
        // Every answer counted is an attempt the database recorded, and a request the simulator saw.
        Assert.Equal(rows.Sum(r => r.Attempts), metrics.Sum("clb_polls_total"));
        Assert.Equal(world.PollerStats().Accepted + world.PollerStats().Rejected, metrics.Sum("clb_ratelimit_requests_sent_total", ("account", "default")));
        Assert.InRange(metrics.Sum("clb_ratelimit_slots_granted_total"), metrics.Sum("clb_polls_total"), double.MaxValue);
        Assert.Equal(30, metrics.Sum("clb_task_detection_lag_seconds_count"));
        Assert.Equal(40, metrics.Sum("clb_task_enqueue_to_final_seconds_count"));
        Assert.Equal(40, metrics.Sum("clb_webhook_attempts_total", ("outcome", "delivered"), ("status", "2xx")));
        Assert.Equal(40, metrics.Sum("clb_webhook_attempt_duration_seconds_count"));
        Assert.True(metrics.Sum("clb_claim_size_sum", ("queue", "tasks")) >= 40, "claims leased every task at least once");
        Assert.Equal(metrics.Sum("clb_ratelimit_slots_granted_total"), metrics.Sum("clb_ratelimit_slot_wait_seconds_count"));
        // Instrumentation of the libraries: the HTTP client (polls), Npgsql, the runtime, the server.
        Assert.All(new[] { "http_client_request_duration_seconds_count", "db_client_operation_duration_seconds_count", "dotnet_gc_collections_total", "http_server_request_duration_seconds_count" },
            name => Assert.True(metrics.Has(name), $"{name} is missing"));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_configured_the_metrics_are_also_pushed_there()
    {
        await using var collector = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        }, TestContext.Current.CancellationToken);
        await using var world = await PollingWorld.StartAsync(server);
        world.StartWorker(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.BaseAddress.ToString().TrimEnd('/')),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "500"));

        await world.EnqueueAsync(world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero));
        await world.AllFinalAsync(1, TimeSpan.FromSeconds(30));
        var pushed = await Eventually.ReturnsAsync(() => Task.FromResult(collector.Received.ToList()),
            requests => requests.Any(r => Encoding.UTF8.GetString(r.Body).Contains("clb.task.transitions", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "an OTLP export carrying clb.task.transitions");

        Assert.All(pushed, r => Assert.Equal(("POST", "/v1/metrics"), (r.Method, r.Path)));
    }

    private static double Transitions(PrometheusText metrics, string state) => metrics.Sum("clb_task_transitions_total", ("state", state));

    private static double Polls(PrometheusText metrics, string outcome) => metrics.Sum("clb_polls_total", ("outcome", outcome));
}
