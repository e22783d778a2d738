using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Tasks;
using Dapper;

namespace ClbWorker.IntegrationTests.Polling;

public sealed class PollingStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromHours(1);
    private readonly PollingStore store = new(database.DataSource);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> EnqueueAsync(int count, string deadline = "NULL")
    {
        var account = $"acct{Guid.NewGuid():N}"[..20];
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await connection.ExecuteAsync($"""
            INSERT INTO clb.tasks (task_id, region, account, next_poll_at, deadline_at)
            SELECT 'task-' || g, 'ap-guangzhou', @account, now() - interval '1 minute' + g * interval '1 ms', {deadline}
            FROM generate_series(1, @count) g
            """, new { account, count });
        return account;
    }

    private static ClaimRequest Claim(string account, DateTimeOffset? now, int limit, string owner) =>
        new(account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.FromSeconds(1), limit, owner, Lease, now);

    private async Task<T> RowAsync<T>(string sql, object parameters)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    [Fact]
    public async Task Claims_by_concurrent_workers_skip_each_others_rows_and_never_overlap()
    {
        var account = await EnqueueAsync(200);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => store.ClaimAsync(Claim(account, null, 80, $"worker-{w}"), Ct)));

        var ids = claims.SelectMany(c => c.Select(t => t.Id)).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Claims_take_the_most_overdue_tasks_first()
    {
        var account = await EnqueueAsync(10);

        var claimed = await store.ClaimAsync(Claim(account, null, 3, "w"), Ct);

        Assert.Equal(["task-1", "task-2", "task-3"], claimed.Select(t => t.TaskId));
    }

    [Fact]
    public async Task A_leased_task_is_not_claimed_again_until_its_lease_expires_on_the_database_clock()
    {
        var account = await EnqueueAsync(5);
        var now = DateTimeOffset.UtcNow;

        var first = await store.ClaimAsync(Claim(account, now, 10, "crashed-worker"), Ct);
        var during = await store.ClaimAsync(Claim(account, now.AddSeconds(29), 10, "other"), Ct);
        var after = await store.ClaimAsync(Claim(account, now.AddSeconds(31), 10, "other"), Ct);

        Assert.Equal(5, first.Count);
        Assert.Empty(during);
        Assert.Equal(first.Select(t => t.Id).Order(), after.Select(t => t.Id).Order());
    }

    [Fact]
    public async Task The_lease_is_counted_from_the_database_clock_not_the_claimers()
    {
        var account = await EnqueueAsync(1);

        await store.ClaimAsync(Claim(account, null, 1, "w"), Ct);

        var (lease, databaseNow) = await RowAsync<(DateTime Lease, DateTime Now)>(
            "SELECT lease_expires_at, now() FROM clb.tasks WHERE account = @account", new { account });
        Assert.InRange(lease - databaseNow, Lease - TimeSpan.FromSeconds(2), Lease);
    }

    [Fact]
    public async Task Results_apply_in_one_batch_only_to_tasks_still_leased_by_their_worker()
    {
        var account = await EnqueueAsync(3);
        var tasks = await store.ClaimAsync(Claim(account, null, 3, "mine"), Ct);
        var polledAt = DateTimeOffset.UtcNow;
        var updates = tasks.Select(t => new TaskUpdate(t.Id, TaskStates.Succeeded, 0, null, null, "req-" + t.Id, 1, TimeSpan.Zero, polledAt)).ToList();

        var byStranger = await store.ApplyAsync(updates, "someone-else", DefaultDeadline, Ct);
        var byOwner = await store.ApplyAsync(updates, "mine", DefaultDeadline, Ct);
        var twice = await store.ApplyAsync(updates, "mine", DefaultDeadline, Ct);

        Assert.Equal((0, 3, 0), (byStranger.Count, byOwner.Count, twice.Count));
        Assert.All(byOwner, a => Assert.Equal(TaskStates.Succeeded, a.State));
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        var rows = await connection.QueryAsync<(string State, int Attempts, string RequestId, bool Leased)>(
            "SELECT state, attempts, last_request_id, lease_owner IS NOT NULL FROM clb.tasks WHERE account = @account", new { account });
        Assert.All(rows, r => Assert.Equal((TaskStates.Succeeded, 1, false), (r.State, r.Attempts, r.Leased)));
    }

    [Fact]
    public async Task A_released_task_keeps_its_attempts_and_last_answer()
    {
        var account = await EnqueueAsync(1);
        var now = DateTimeOffset.UtcNow;
        var task = (await store.ClaimAsync(Claim(account, now, 1, "w"), Ct)).Single();
        await store.ApplyAsync([new TaskUpdate(task.Id, TaskStates.Pending, 2, "InternalError", "oops", "r1", 1, TimeSpan.Zero, now)], "w",
            DefaultDeadline, Ct, now);
        task = (await store.ClaimAsync(Claim(account, now.AddSeconds(2), 1, "w"), Ct)).Single();

        await store.ApplyAsync([PollOutcomePolicy.Release(task)], "w", DefaultDeadline, Ct, now.AddSeconds(2));

        var row = await RowAsync<(int Attempts, short Status, string Code, string RequestId)>(
            "SELECT attempts, last_status, last_error_code, last_request_id FROM clb.tasks WHERE id = @id", new { id = task.Id });
        Assert.Equal((1, (short)2, "InternalError", "r1"), row);
    }

    [Fact]
    public async Task A_task_still_running_when_polled_at_its_deadline_is_timed_out_by_the_database()
    {
        var account = await EnqueueAsync(2, deadline: "now() + interval '10 seconds'");
        var claimed = await store.ClaimAsync(Claim(account, null, 2, "w"), Ct);
        var deadline = await RowAsync<DateTime>("SELECT deadline_at FROM clb.tasks WHERE id = @id", new { id = claimed[0].Id });
        var before = new DateTimeOffset(deadline, TimeSpan.Zero).AddSeconds(-4);
        var at = new DateTimeOffset(deadline, TimeSpan.Zero);

        var applied = await store.ApplyAsync([
            new TaskUpdate(claimed[0].Id, TaskStates.Pending, 2, null, null, "r", 1, TimeSpan.FromSeconds(8), before),
            new TaskUpdate(claimed[1].Id, TaskStates.Pending, 2, null, null, "r", 1, TimeSpan.FromSeconds(8), at),
        ], "w", DefaultDeadline, Ct);

        Assert.Equal([TaskStates.Pending, TaskStates.TimedOut], applied.OrderBy(a => a.Id).Select(a => a.State));
        // The running one is due at its deadline, not after it: the last poll happens at the deadline itself.
        var next = await RowAsync<DateTime>("SELECT next_poll_at FROM clb.tasks WHERE id = @id", new { id = claimed[0].Id });
        Assert.Equal(deadline, next);
        var (code, message) = await RowAsync<(string, string)>("SELECT last_error_code, last_error_message FROM clb.tasks WHERE id = @id",
            new { id = claimed[1].Id });
        Assert.Equal("DeadlineExceeded", code);
        Assert.StartsWith("Still running at its deadline ", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Due_groups_come_most_overdue_first_and_leave_out_paused_accounts()
    {
        var paused = await EnqueueAsync(3);
        var older = await EnqueueAsync(3);
        await using (var connection = await database.DataSource.OpenConnectionAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE clb.tasks SET next_poll_at = next_poll_at - interval '1 hour' WHERE account = @older", new { older });
            await using var transaction = await connection.BeginTransactionAsync(Ct);
            await AccountPauseStore.PauseAsync(connection, transaction,
                new AccountPauseRequest(paused, "credentials", "AuthFailure.SignatureFailure", "bad key"), TimeSpan.FromMinutes(1), Ct);
            await transaction.CommitAsync(Ct);
        }
        var newer = await EnqueueAsync(3);

        var groups = (await store.DueGroupsAsync(TimeSpan.Zero, Ct)).Where(g => g.Account == older || g.Account == newer || g.Account == paused).ToList();

        Assert.Equal([older, newer], groups.Select(g => g.Account));
    }
}
