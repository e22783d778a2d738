using System.Net;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Dashboard;

// No users configured and requests from 127.0.0.1: the pages as an admin on the machine sees them.
public sealed class DashboardPagesTests(PostgresServer server)
{
    private const string Markup = "<img/src=x/onerror=alert(1)>";
    private const string Encoded = "&lt;img/src=x/onerror=alert(1)&gt;";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tasks_page_shows_counts_pending_groups_problems_and_search_results_with_database_values_encoded()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, []));
        using var client = DashboardHost.Client(DashboardHost.Start(app), "127.0.0.1");
        await ExecuteAsync(world, """
            INSERT INTO clb.tasks (task_id, region, next_poll_at, created_at) VALUES ('pages-pending', 'ap-chengdu', now() + interval '1 hour', now() - interval '90 minutes');
            INSERT INTO clb.tasks (task_id, region, state, last_error_code, last_error_message, completed_at)
            VALUES (@markup, 'ap-beijing', 'invalid', 'InvalidParameter', 'bad <b>id</b>', now());
            """);

        var page = await client.GetStringAsync("/hangfire/clb/tasks", Ct);
        var search = await client.GetStringAsync("/hangfire/clb/tasks?taskId=" + Uri.EscapeDataString(Markup), Ct);
        var miss = await client.GetStringAsync("/hangfire/clb/tasks?taskId=no-such-task", Ct);

        Assert.Contains("<td>ap-chengdu</td><td>1</td><td>90 min ago</td>", page, StringComparison.Ordinal);
        Assert.Contains("Oldest pending task: enqueued 90 min ago", page, StringComparison.Ordinal);
        Assert.Contains(Encoded, page, StringComparison.Ordinal);
        Assert.Contains("bad &lt;b&gt;id&lt;/b&gt;", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Markup, page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>id</b>", page, StringComparison.Ordinal);
        Assert.Contains("Search results", search, StringComparison.Ordinal);
        Assert.Contains($"value=\"{Encoded}\"", search, StringComparison.Ordinal);
        Assert.DoesNotContain(Markup, search, StringComparison.Ordinal);
        Assert.Contains("No task has that TaskId or DealName.", miss, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Task_page_shows_history_and_deliveries_and_an_admin_polls_it_now_and_redelivers_from_it()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, []));
        using var client = DashboardHost.Client(DashboardHost.Start(app), "127.0.0.1");
        var id = await ScalarAsync<long>(world, """
            INSERT INTO clb.tasks (task_id, region, attempts, last_status, last_request_id, last_polled_at, next_poll_at)
            VALUES ('history-1', 'ap-guangzhou', 4, 2, 'req-4', now() - interval '1 minute', now() + interval '1 hour') RETURNING id
            """);
        // A failed delivery to a receiver that is refused before connecting (loopback is not a public address).
        var deliveryId = await ScalarAsync<long>(world, """
            INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, state, attempts, next_attempt_at,
                                                last_status_code, last_error, failed_at)
            VALUES ('msg-history-1', @id, 'http://127.0.0.1:9/hook', 'task.failed', '{}', 'failed', 2, now(), 503, 'Service Unavailable', now())
            RETURNING id
            """, new { id });
        var token = await DashboardHost.AntiforgeryTokenAsync(client, Ct);

        var page = await client.GetStringAsync($"/hangfire/clb/tasks/{id}", Ct);
        var poll = await DashboardHost.PostFormAsync(client, $"/hangfire/clb/tasks/{id}/poll", token, Ct);
        var redeliver = await DashboardHost.PostFormAsync(client, $"/hangfire/clb/deliveries/{deliveryId}/redeliver", token, Ct, ("task", $"{id}"));
        var after = await client.GetStringAsync($"/hangfire/clb/tasks/{id}?done=polled", Ct);
        var forged = await client.GetStringAsync($"/hangfire/clb/tasks/{id}?done=%3Cscript%3E", Ct);
        var missing = await client.GetAsync("/hangfire/clb/tasks/987654321", Ct);

        Assert.Contains("<td>Attempts</td><td>4</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Last status</td><td>2 (running)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Last request id</td><td>req-4</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>task.failed</td><td>http://127.0.0.1:9/hook</td>", page, StringComparison.Ordinal);
        Assert.Contains("Service Unavailable", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, poll.StatusCode);
        Assert.Equal($"/hangfire/clb/tasks/{id}?done=polled", poll.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.SeeOther, redeliver.StatusCode);
        Assert.Equal($"/hangfire/clb/tasks/{id}?done=redelivered", redeliver.Headers.Location?.ToString());
        Assert.Equal("pending", await ScalarAsync<string>(world, "SELECT state FROM clb.webhook_deliveries WHERE id = @deliveryId", new { deliveryId }));
        Assert.Contains("The task is due now", after, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", forged, StringComparison.Ordinal);
        Assert.Contains("There is no task with id 987654321.", await missing.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_limits_and_webhooks_pages_show_budgets_pauses_endpoint_streaks_and_attempts()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, [new("Tencent:Accounts:paused:SecretId", "AKIDPAUSED0000000000000000000000000"),
            new("Tencent:Accounts:paused:SecretKey", "paused-key"), new("Tencent:Accounts:paused:RequestsPerSecond", "7")]));
        using var client = DashboardHost.Client(DashboardHost.Start(app), "127.0.0.1");
        // rate_factor_changed_at lies ahead, so no recovery has begun and the factor reads exactly 0.25.
        await ExecuteAsync(world, """
            INSERT INTO clb.rate_limits (account, host, requests_per_second, rate_factor, rate_factor_changed_at, limit_exceeded_total)
            VALUES ('default', 'clb.example.test', 150, 0.25, now() + interval '1 hour', 9);
            INSERT INTO clb.account_pauses (account, reason, error_code, error_message, paused_at, retry_at)
            VALUES ('paused', 'credentials', 'AuthFailure.SecretIdNotFound', 'The SecretId <i>is</i> not found', now(), now() + interval '1 minute');
            INSERT INTO clb.webhook_endpoints (url, secret, source, first_failure_at, enabled, disabled_reason, disabled_at)
            VALUES ('https://gone.example.test/hook', @secret, 'api', now() - interval '2 days', false, '410 Gone <u>', now());
            """);

        var rates = await client.GetStringAsync("/hangfire/clb/rate-limits", Ct);
        var hooks = await client.GetStringAsync("/hangfire/clb/webhooks", Ct);

        Assert.Contains("<td>default</td><td>clb.example.test</td><td>150/s</td><td>37.5/s (25%)</td>", rates, StringComparison.Ordinal);
        Assert.Contains("9 in all", rates, StringComparison.Ordinal);
        Assert.Contains("<td>paused</td><td>&mdash;</td><td>7/s</td>", rates, StringComparison.Ordinal);
        Assert.Contains("<td>paused</td><td>credentials</td><td>AuthFailure.SecretIdNotFound</td><td>The SecretId &lt;i&gt;is&lt;/i&gt; not found</td>",
            rates, StringComparison.Ordinal);
        Assert.Contains("https://gone.example.test/hook", hooks, StringComparison.Ordinal);
        Assert.Contains("label-danger\">disabled</span>", hooks, StringComparison.Ordinal);
        Assert.Contains("410 Gone &lt;u&gt;", hooks, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", hooks, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_page_and_live_statistics_carry_the_clb_metrics()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, []));
        using var client = DashboardHost.Client(DashboardHost.Start(app), "127.0.0.1");
        await ExecuteAsync(world, """
            INSERT INTO clb.tasks (task_id, region, next_poll_at) VALUES ('home-1', 'ap-guangzhou', now() + interval '1 hour');
            INSERT INTO clb.tasks (task_id, region, state, completed_at) VALUES ('home-2', 'ap-guangzhou', 'timed_out', now());
            """);
        var token = await DashboardHost.AntiforgeryTokenAsync(client, Ct);

        var home = await client.GetStringAsync("/hangfire/", Ct);
        var stats = await DashboardHost.PostFormAsync(client, "/hangfire/stats", token, Ct,
            ("metrics[]", "clb:pending"), ("metrics[]", "clb:failed-last-hour"), ("metrics[]", "clb:succeeded-last-hour"));

        foreach (var title in new[] { "Pending CLB tasks", "Polled in the last minute", "Succeeded in the last hour", "Failed in the last hour" })
            Assert.Contains(title, home, StringComparison.Ordinal);
        var json = System.Text.Json.JsonDocument.Parse(await stats.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(1, json.GetProperty("clb:pending").GetProperty("intValue").GetInt64());
        Assert.Equal(1, json.GetProperty("clb:failed-last-hour").GetProperty("intValue").GetInt64());
        Assert.Equal(0, json.GetProperty("clb:succeeded-last-hour").GetProperty("intValue").GetInt64());
    }

    private static async Task ExecuteAsync(PollingWorld world, string sql)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.ExecuteAsync(sql, new { markup = Markup, secret = "whsec_" + Convert.ToBase64String(new byte[32]) });
    }

    private static async Task<T> ScalarAsync<T>(PollingWorld world, string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
