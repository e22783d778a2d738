using System.Net;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Dashboard;

public sealed class DashboardAccessTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_users_only_loopback_addresses_get_in_and_any_other_address_gets_a_basic_challenge()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, []));
        var host = DashboardHost.Start(app);

        foreach (var local in new[] { "127.0.0.1", "127.0.0.53", "::1", "::ffff:127.0.0.1" })
        {
            using var client = DashboardHost.Client(host, local);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode);
        }
        foreach (var remote in new[] { "203.0.113.7", "192.168.1.20", "::ffff:10.0.0.1", "2001:db8::1", null })
        {
            using var client = DashboardHost.Client(host, remote, DashboardHost.AdminName, DashboardHost.AdminPassword);
            foreach (var path in new[] { "/hangfire/", "/hangfire/clb/tasks", "/hangfire/recurring" })
            {
                var response = await client.GetAsync(path, Ct);
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.Equal("Basic realm=\"ClbWorker\"", response.Headers.WwwAuthenticate.ToString());
                Assert.DoesNotContain("ClbWorker", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Configured_users_must_log_in_even_from_loopback_and_wrong_passwords_are_challenged()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, DashboardHost.Users()));
        var host = DashboardHost.Start(app);

        using var anonymous = DashboardHost.Client(host, "127.0.0.1");
        using var wrong = DashboardHost.Client(host, "127.0.0.1", DashboardHost.AdminName, DashboardHost.ViewerPassword);
        using var unknown = DashboardHost.Client(host, "127.0.0.1", "mallory", DashboardHost.AdminPassword);
        using var admin = DashboardHost.Client(host, "203.0.113.7", DashboardHost.AdminName, DashboardHost.AdminPassword);
        using var viewer = DashboardHost.Client(host, "203.0.113.8", DashboardHost.ViewerName, DashboardHost.ViewerPassword);

        foreach (var refused in new[] { anonymous, wrong, unknown })
        {
            var response = await refused.GetAsync("/hangfire/clb/tasks", Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Basic realm=\"ClbWorker\"", response.Headers.WwwAuthenticate.ToString());
        }
        var home = await admin.GetAsync("/hangfire/", Ct);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        var html = await home.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<title>Overview – ClbWorker</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(world.Database, html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode);
    }

    [Fact]
    public async Task Guessing_from_one_address_is_cut_off_with_429_and_past_the_total_limit_only_recent_logins_pass()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, DashboardHost.Users()
            .Append(new("Dashboard:MaxFailedLoginsPerAddress", "3")).Append(new("Dashboard:MaxFailedLogins", "5"))));
        var host = DashboardHost.Start(app);
        using var viewer = DashboardHost.Client(host, "203.0.113.8", DashboardHost.ViewerName, DashboardHost.ViewerPassword);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode);

        var guesses = new List<(HttpStatusCode Status, TimeSpan Took)>();
        for (var i = 0; i < 5; i++)
        {
            using var guess = DashboardHost.Client(host, "203.0.113.66", DashboardHost.ViewerName, $"guess number {i}");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var response = await guess.GetAsync("/hangfire/clb/tasks", Ct);
            guesses.Add((response.StatusCode, watch.Elapsed));
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
                Assert.Contains("Too many failed dashboard logins", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            }
        }
        // Right password, wrong moment: an address past its limit learns nothing from any guess.
        using var lucky = DashboardHost.Client(host, "203.0.113.66", DashboardHost.ViewerName, DashboardHost.ViewerPassword);
        var luckyStatus = (await lucky.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode;
        // Two more failures from elsewhere reach the total limit of 5.
        foreach (var address in new[] { "203.0.113.67", "203.0.113.68" })
        {
            using var other = DashboardHost.Client(host, address, DashboardHost.AdminName, "not the password");
            Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode);
        }
        using var admin = DashboardHost.Client(host, "203.0.113.7", DashboardHost.AdminName, DashboardHost.AdminPassword);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], guesses.Select(g => g.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, luckyStatus);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await admin.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/hangfire/clb/tasks", Ct)).StatusCode);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"answer times: wrong password (PBKDF2, 100,000 iterations) {string.Join(", ", guesses.Take(3).Select(g => $"{g.Took.TotalMilliseconds:F1} ms"))}; " +
            $"refused {string.Join(", ", guesses.Skip(3).Select(g => $"{g.Took.TotalMilliseconds:F1} ms"))}");
    }

    [Fact]
    public async Task Viewers_read_every_page_without_write_buttons_and_every_write_they_send_is_refused_with_403()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, DashboardHost.Users()));
        var host = DashboardHost.Start(app);
        var id = await InsertNotDueAsync(world, "viewer-1");
        using var viewer = DashboardHost.Client(host, "203.0.113.8", DashboardHost.ViewerName, DashboardHost.ViewerPassword);
        using var admin = DashboardHost.Client(host, "203.0.113.7", DashboardHost.AdminName, DashboardHost.AdminPassword);
        var token = await DashboardHost.AntiforgeryTokenAsync(viewer, Ct);

        var viewerTask = await viewer.GetStringAsync($"/hangfire/clb/tasks/{id}", Ct);
        var adminTask = await admin.GetStringAsync($"/hangfire/clb/tasks/{id}", Ct);
        var viewerRecurring = await viewer.GetStringAsync("/hangfire/recurring", Ct);
        var adminRecurring = await admin.GetStringAsync("/hangfire/recurring", Ct);
        var cancel = await DashboardHost.PostFormAsync(viewer, $"/hangfire/clb/tasks/{id}/cancel", token, Ct);
        var poll = await DashboardHost.PostFormAsync(viewer, $"/hangfire/clb/tasks/{id}/poll", token, Ct);
        var redeliver = await DashboardHost.PostFormAsync(viewer, "/hangfire/clb/deliveries/1/redeliver", token, Ct);
        var trigger = await DashboardHost.PostFormAsync(viewer, "/hangfire/recurring/trigger", token, Ct, ("jobs[]", "clb-poll"));
        var stats = await DashboardHost.PostFormAsync(viewer, "/hangfire/stats", token, Ct, ("metrics[]", "clb:pending"));

        Assert.Contains("viewer-1", viewerTask, StringComparison.Ordinal);
        Assert.DoesNotContain("Cancel task", viewerTask, StringComparison.Ordinal);
        Assert.DoesNotContain("Poll now", viewerTask, StringComparison.Ordinal);
        Assert.Contains("Cancel task", adminTask, StringComparison.Ordinal);
        Assert.Contains("Poll now", adminTask, StringComparison.Ordinal);
        Assert.DoesNotContain("Trigger now", viewerRecurring, StringComparison.Ordinal);
        Assert.Contains("Trigger now", adminRecurring, StringComparison.Ordinal);
        Assert.All(new[] { cancel, poll, redeliver, trigger }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.OK, stats.StatusCode);
        Assert.Contains("clb:pending", await stats.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("pending", await StateAsync(world, id));
    }

    [Fact]
    public async Task Admin_actions_need_the_antiforgery_token_and_api_routes_do_not_accept_dashboard_logins()
    {
        await using var world = await PollingWorld.StartAsync(server);
        await using var app = new WorkerApp(DashboardHost.Settings(world, DashboardHost.Users()));
        var host = DashboardHost.Start(app);
        var id = await InsertNotDueAsync(world, "admin-1");
        using var admin = DashboardHost.Client(host, "203.0.113.7", DashboardHost.AdminName, DashboardHost.AdminPassword);
        var token = await DashboardHost.AntiforgeryTokenAsync(admin, Ct);

        var forged = await DashboardHost.PostFormAsync(admin, $"/hangfire/clb/tasks/{id}/cancel", null, Ct);
        var stateAfterForged = await StateAsync(world, id);
        var cancel = await DashboardHost.PostFormAsync(admin, $"/hangfire/clb/tasks/{id}/cancel", token, Ct);
        var api = await admin.GetAsync($"/api/tasks/{id}", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("pending", stateAfterForged);
        Assert.Equal(HttpStatusCode.SeeOther, cancel.StatusCode);
        Assert.Equal($"/hangfire/clb/tasks/{id}?done=cancelled", cancel.Headers.Location?.ToString());
        Assert.Equal("cancelled", await StateAsync(world, id));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("Bearer", api.Headers.WwwAuthenticate.Single().Scheme);
    }

    private static async Task<long> InsertNotDueAsync(PollingWorld world, string taskId)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO clb.tasks (task_id, region, next_poll_at) VALUES (@taskId, 'ap-guangzhou', now() + interval '1 hour') RETURNING id",
            new { taskId });
    }

    private static async Task<string> StateAsync(PollingWorld world, long id)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.ExecuteScalarAsync<string>("SELECT state FROM clb.tasks WHERE id = @id", new { id }) ?? "";
    }
}
