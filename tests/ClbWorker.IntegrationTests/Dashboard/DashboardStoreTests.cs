using ClbWorker.Dashboard;
using ClbWorker.Dashboard.RateLimits;
using ClbWorker.Dashboard.Tasks;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling.SendBudget;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Dashboard;

// One database for the class; each test makes its own rows (accounts and task ids of its own) and reads them back.
public sealed class DashboardStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Counts_stop_at_the_limit_and_say_so_and_the_last_hour_counts_only_recent_finishes()
    {
        // A year ahead of the other tests' rows, so that only this test's finishes fall in its last hour.
        var now = Now.AddYears(1);
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, account, state, next_poll_at, created_at, completed_at)
            SELECT 'count-' || s.state || g, 'ap-guangzhou', 'count', s.state, @now, @now - interval '2 hours',
                   CASE WHEN s.state <> 'pending' THEN @now - g * interval '25 minutes' END
            FROM generate_series(1, 4) g
            CROSS JOIN (VALUES ('pending'), ('failed'), ('cancelled')) s(state)
            """, new { now });
        var store = new DashboardStore(database.DataSource, countLimit: 6);

        var overview = await store.GetTaskOverviewAsync(now, Ct);

        var states = overview.States.ToDictionary(s => s.State);
        Assert.Equal(["pending", "succeeded", "failed", "timed_out", "invalid", "cancelled"], overview.States.Select(s => s.State));
        // Other tests of this class add tasks too: totals are at least this test's own.
        Assert.True(states["failed"].Count >= 4);
        Assert.Equal(2, states["failed"].LastHour);
        Assert.Equal(2, states["cancelled"].LastHour);
        Assert.Equal(0, states["timed_out"].LastHour);
        Assert.Null(states["pending"].LastHour);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, account, state, completed_at)
            SELECT 'more-' || g, 'ap-beijing', 'count', 'failed', @now FROM generate_series(1, 3) g
            """, new { now });
        var capped = (await store.GetTaskOverviewAsync(now, Ct)).States.Single(s => s.State == "failed");
        Assert.Equal(new StateCount("failed", 6, true, 5), capped);
    }

    [Fact]
    public async Task Pending_tasks_are_grouped_by_account_and_region_with_their_oldest_and_a_huge_backlog_is_marked_as_sampled()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, account, created_at)
            VALUES ('group-1', 'ap-guangzhou', 'grouping', @now - interval '30 minutes'),
                   ('group-2', 'ap-guangzhou', 'grouping', @now - interval '5 minutes'),
                   ('group-3', 'ap-shanghai-fsi', 'grouping', @now - interval '1 minute')
            """, new { now = Now });

        var overview = await new DashboardStore(database.DataSource).GetTaskOverviewAsync(Now, Ct);
        var sampled = await new DashboardStore(database.DataSource, countLimit: 2).GetTaskOverviewAsync(Now, Ct);

        var mine = overview.PendingGroups.Where(g => g.Account == "grouping").ToList();
        Assert.Equal(
            [new PendingGroup("grouping", "ap-guangzhou", 2, Now.AddMinutes(-30)), new PendingGroup("grouping", "ap-shanghai-fsi", 1, Now.AddMinutes(-1))],
            mine);
        Assert.False(overview.PendingSampled);
        Assert.True(sampled.PendingSampled);
    }

    [Fact]
    public async Task Recent_problems_are_the_newest_failed_invalid_and_timed_out_tasks_and_nothing_else()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, account, state, last_error_code, completed_at)
            VALUES ('problem-1', 'ap-guangzhou', 'problems', 'failed', NULL, @now + interval '1 day'),
                   ('problem-2', 'ap-guangzhou', 'problems', 'invalid', 'InvalidParameter', @now + interval '1 day 1 minute'),
                   ('problem-3', 'ap-guangzhou', 'problems', 'timed_out', 'DeadlineExceeded', @now + interval '1 day 2 minutes'),
                   ('problem-4', 'ap-guangzhou', 'problems', 'cancelled', NULL, @now + interval '1 day 3 minutes'),
                   ('problem-5', 'ap-guangzhou', 'problems', 'succeeded', NULL, @now + interval '1 day 4 minutes')
            """, new { now = Now });

        var overview = await new DashboardStore(database.DataSource).GetTaskOverviewAsync(Now, Ct);

        // Other tests of this class write problems of their own: look at this test's account only.
        var mine = overview.RecentProblems.Where(t => t.Account == "problems").ToList();
        Assert.Equal(["problem-3", "problem-2", "problem-1"], mine.Select(t => t.TaskId));
        Assert.DoesNotContain(overview.RecentProblems, t => t.State is "cancelled" or "succeeded" or "pending");
        Assert.Equal("DeadlineExceeded", mine[0].LastErrorCode);
    }

    [Fact]
    public async Task A_task_id_is_found_in_every_account_and_region_that_has_it()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, account, created_at)
            VALUES ('shared-id', 'ap-guangzhou', 'search-a', @now - interval '2 minutes'),
                   ('shared-id', 'na-siliconvalley', 'search-b', @now - interval '1 minute'),
                   ('other-id', 'ap-guangzhou', 'search-a', @now)
            """, new { now = Now });
        var store = new DashboardStore(database.DataSource);

        var found = await store.FindByTaskIdAsync("shared-id", Ct);

        Assert.Equal([("search-b", "na-siliconvalley"), ("search-a", "ap-guangzhou")], found.Select(t => (t.Account, t.Region)));
        Assert.Empty(await store.FindByTaskIdAsync("shared-i", Ct));
    }

    [Fact]
    public async Task Home_counts_and_rate_limits_read_the_current_factor_and_the_sampler_measures_a_minute_of_grants()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync("""
            INSERT INTO clb.rate_limits (account, host, requests_per_second, next_slot_at, rate_factor, rate_factor_changed_at,
                                         granted_total, limit_exceeded_total, last_limit_exceeded_at)
            VALUES ('rates', 'clb.tencentcloudapi.com', 20, @now + interval '2 seconds', 0.5, @now - interval '4 seconds', 100, 3, @now)
            """, new { now = Now });
        var time = new FakeTimeProvider(Now);
        var store = new DashboardStore(database.DataSource);
        var sampler = new RequestRateSampler(store, time, NullLogger<RequestRateSampler>.Instance);
        var key = new RateLimitKey("rates", "clb.tencentcloudapi.com");

        var row = (await store.GetRateLimitsAsync(Now, recoveryPerSecond: 0.05, Ct)).Single(r => r.Account == "rates");
        await sampler.SampleAsync(Ct);
        var single = sampler.LastMinute(key);
        await connection.ExecuteAsync("UPDATE clb.rate_limits SET granted_total = 160, limit_exceeded_total = 4 WHERE account = 'rates'");
        time.Advance(TimeSpan.FromSeconds(30));
        await sampler.SampleAsync(Ct);
        var halfMinute = sampler.LastMinute(key);
        await connection.ExecuteAsync("UPDATE clb.rate_limits SET granted_total = 400 WHERE account = 'rates'");
        time.Advance(TimeSpan.FromSeconds(45));
        await sampler.SampleAsync(Ct);

        Assert.Equal(0.7, row.RateFactor, 6);
        Assert.Equal(Now.AddSeconds(2), row.BookedUntil);
        Assert.Equal((100L, 3L), (row.GrantedTotal, row.LimitExceededTotal));
        Assert.Null(single);
        Assert.Equal(new RequestWindow(60, 1, TimeSpan.FromSeconds(30)), halfMinute);
        // The first reading is now older than a minute and forgotten: the window runs from the second.
        Assert.Equal(new RequestWindow(240, 0, TimeSpan.FromSeconds(45)), sampler.LastMinute(key));
        Assert.True(sampler.LastMinuteTotal()!.Requests >= 240);
    }
}
