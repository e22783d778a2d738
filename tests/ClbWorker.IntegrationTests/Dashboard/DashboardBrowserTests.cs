using System.Net;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using Dapper;
using Microsoft.Playwright;
using Npgsql;

namespace ClbWorker.IntegrationTests.Dashboard;

public sealed class DashboardBrowserTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_a_real_browser_an_admin_finds_polls_and_cancels_a_task_and_a_viewer_can_change_nothing()
    {
        DashboardBrowser.RequireChromium();
        // Two shared cores: a page behind a POST, a redirect and a database read can take longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(20_000);
        await using var world = await PollingWorld.StartAsync(server);
        // Still running for an hour at the simulator: a poll answers Status 2 and the task stays pending.
        var taskId = world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.FromHours(1)).Single();
        await using var app = new WorkerApp(DashboardHost.Settings(world,
            [.. DashboardHost.Users(), new("Webhooks:SigningSecret", "whsec_" + Convert.ToBase64String(new byte[32]))]));
        var address = DashboardBrowser.StartOnKestrel(app);
        var (id, viewerId, deliveryId) = await SeedAsync(world, taskId);
        await FinishSomeTasksAsync(world);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DashboardBrowser.LaunchAsync(playwright);

        var admin = await DashboardBrowser.LogInAsync(browser, address, DashboardHost.AdminName, DashboardHost.AdminPassword);
        await admin.GotoAsync("/hangfire/");
        await Expect(admin.Locator(".metric", new() { HasText = "Pending CLB tasks" })).ToContainTextAsync("2");

        await admin.ClickAsync(".navbar-nav >> text=CLB tasks");
        await admin.FillAsync("#taskId", taskId);
        await admin.ClickAsync("button:has-text('Find')");
        var found = admin.Locator("table tr", new() { HasText = taskId });
        await Expect(found).ToContainTextAsync("pending");
        // The charts drew this run's finished tasks and their detection lag, figure for figure as the database holds them.
        await DashboardCharts.CheckTasksAsync(admin, world.ConnectionString);
        await DashboardBrowser.ScreenshotAsync(admin, "2-clb-tasks");

        await found.Locator($"a:text-is('{id}')").ClickAsync();
        await admin.ClickAsync("button:has-text('Poll now')");
        await Expect(admin.Locator(".alert-info").First).ToContainTextAsync("The task is due now");
        await Eventually.ReturnsAsync(async () =>
        {
            await admin.ReloadAsync();
            return await admin.Locator("tr:has(td:text-is('Last status'))").InnerTextAsync();
        }, text => text.Contains("2 (running)", StringComparison.Ordinal), TimeSpan.FromSeconds(45), "the simulator's answer on the task page");
        await DashboardBrowser.ScreenshotAsync(admin, "3-clb-task");
        await admin.ClickAsync("button:has-text('Cancel task')");
        await Expect(admin.Locator("tr:has(td:text-is('State'))")).ToContainTextAsync("cancelled");
        await Expect(admin.Locator("button:has-text('Cancel task')")).ToHaveCountAsync(0);

        await admin.ClickAsync(".navbar-nav >> text=Rate limits");
        await Expect(admin.Locator("table tr", new() { HasText = world.Endpoint.Authority })).ToContainTextAsync("150/s");
        await DashboardCharts.CheckRatesAsync(admin, world.ConnectionString, world.Endpoint.Authority, 150);
        await DashboardBrowser.ScreenshotAsync(admin, "4-rate-limits");
        await admin.ClickAsync(".navbar-nav >> text=Webhooks");
        await admin.Locator("tr", new() { HasText = "http://127.0.0.1:9/seeded" }).Locator("button:has-text('Redeliver')").ClickAsync();
        await Expect(admin.Locator(".alert-info").First).ToContainTextAsync("queued to be sent again");
        // Sent again and refused again (127.0.0.1 is no public address): the attempt is listed.
        await Eventually.ReturnsAsync(() => ScalarAsync<long>(world, "SELECT count(*) FROM clb.webhook_attempts WHERE delivery_id = @deliveryId",
            new { deliveryId }), attempts => attempts > 0, TimeSpan.FromSeconds(30), "an attempt of the redelivered delivery");
        await admin.ReloadAsync();
        await Expect(admin.Locator("tr", new() { HasText = "http://127.0.0.1:9/seeded" }).Last).ToContainTextAsync("no response");
        await DashboardBrowser.ScreenshotAsync(admin, "5-webhooks");
        await admin.GotoAsync("/hangfire/recurring");
        await Expect(admin.Locator("button:has-text('Trigger now')")).ToHaveCountAsync(1);
        await admin.GotoAsync("/hangfire/");
        // The shared counters are read every 5 s; by now there are two readings and a count to show.
        await Expect(admin.Locator("[data-metric='clb:polled-last-minute']"))
            .ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9,]+$"));
        await DashboardBrowser.ScreenshotAsync(admin, "1-home");

        var viewer = await DashboardBrowser.LogInAsync(browser, address, DashboardHost.ViewerName, DashboardHost.ViewerPassword);
        await viewer.GotoAsync($"/hangfire/clb/tasks/{viewerId}");
        await Expect(viewer.Locator("tr:has(td:text-is('State'))")).ToContainTextAsync("pending");
        await Expect(viewer.Locator("form[method=post]")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("button:has-text('Cancel task'), button:has-text('Poll now')")).ToHaveCountAsync(0);
        await DashboardBrowser.ScreenshotAsync(viewer, "6-viewer-task");
        await viewer.GotoAsync("/hangfire/clb/webhooks");
        await Expect(viewer.Locator("tr", new() { HasText = "http://127.0.0.1:9/seeded" }).First).ToBeVisibleAsync();
        await Expect(viewer.Locator("form[method=post]")).ToHaveCountAsync(0);
        await Expect(viewer.Locator("button:has-text('Redeliver')")).ToHaveCountAsync(0);
        await viewer.GotoAsync("/hangfire/recurring");
        await Expect(viewer.Locator("text=clb-poll").First).ToBeVisibleAsync();
        await Expect(viewer.Locator("button:has-text('Trigger now')")).ToHaveCountAsync(0);
        await DashboardBrowser.ScreenshotAsync(viewer, "7-viewer-recurring");

        // The viewer sends the admins' requests anyway, with its own valid antiforgery token: each is refused.
        var token = await viewer.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        foreach (var (path, field, value) in new[]
        {
            ($"/hangfire/clb/tasks/{viewerId}/cancel", "", ""), ($"/hangfire/clb/tasks/{viewerId}/poll", "", ""),
            ($"/hangfire/clb/deliveries/{deliveryId}/redeliver", "", ""), ("/hangfire/recurring/trigger", "jobs[]", "clb-poll"),
        })
        {
            var form = viewer.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token!);
            if (field.Length > 0)
                form.Set(field, value);
            var response = await viewer.Context.APIRequest.PostAsync(path, new() { Form = form, MaxRedirects = 0 });
            Assert.Equal((int)HttpStatusCode.Forbidden, response.Status);
        }
        Assert.Equal("pending", await ScalarAsync<string>(world, "SELECT state FROM clb.tasks WHERE id = @viewerId", new { viewerId }));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    /// <summary>
    /// The task under test (by SQL, due in an hour, so only "Poll now" makes it polled), one for the viewer, and a failed
    /// task with a failed delivery, a failing and a disabled endpoint. Notifications go to 127.0.0.1, which the webhook sender
    /// refuses before connecting (not a public address); the disabled endpoint gets none.
    /// </summary>
    private static async Task<(long Id, long ViewerId, long DeliveryId)> SeedAsync(PollingWorld world, string taskId)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, callback_url, next_poll_at) VALUES (@taskId, 'ap-guangzhou', 'http://127.0.0.1:9/callback', now() + interval '1 hour')
            RETURNING id
            """, new { taskId });
        var viewerId = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO clb.tasks (task_id, region, next_poll_at) VALUES ('viewer-task', 'ap-guangzhou', now() + interval '1 hour') RETURNING id");
        var failedId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, state, last_status, last_error_code, last_error_message, attempts, completed_at)
            VALUES ('failed-task', 'ap-beijing', 'failed', 1, 'FailedOperation', 'The listener could not be created.', 3, now())
            RETURNING id
            """);
        await connection.ExecuteAsync("""
            INSERT INTO clb.webhook_endpoints (url, secret, source, enabled, first_failure_at, disabled_reason, disabled_at)
            VALUES ('http://127.0.0.1:9/ops', @secret, 'api', true, now() - interval '3 hours', NULL, NULL),
                   ('https://retired.example.test/hook', @secret, 'api', false, now() - interval '6 days', 'the receiver answered 410 Gone', now() - interval '1 day')
            """, new { secret = "whsec_" + Convert.ToBase64String(new byte[32]) });
        var deliveryId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, state, attempts, next_attempt_at, last_error, failed_at)
            VALUES ('msg-seeded', @failedId, 'http://127.0.0.1:9/seeded', 'task.failed', '{}', 'failed', 2, now(), 'connection refused', now())
            RETURNING id
            """, new { failedId });
        return (id, viewerId, deliveryId);
    }

    /// <summary>Tasks that really run at the simulator and are polled to their end, so the charts have a run to show.</summary>
    private static async Task FinishSomeTasksAsync(PollingWorld world)
    {
        var taskIds = world.Simulated(6, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(2))
            .Concat(world.Simulated(3, SimulatedTaskOutcome.Failed, TimeSpan.FromSeconds(1))).ToArray();
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region) SELECT unnest(@taskIds), 'ap-guangzhou'", new { taskIds });
        await Eventually.ReturnsAsync(() => ScalarAsync<long>(world, "SELECT count(*) FROM clb.tasks WHERE task_id = ANY(@taskIds) AND state <> 'pending'", new { taskIds }),
            finished => finished == taskIds.Length, TimeSpan.FromSeconds(60), "the run's tasks final");
    }

    private static async Task<T> ScalarAsync<T>(PollingWorld world, string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
