using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using ClbWorker.Tasks;
using Dapper;

namespace ClbWorker.IntegrationTests.Polling;

public sealed class PollingStoreTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly PollingStore store = new(database.DataSource);

    private async Task<string> EnqueueAsync(int count)
    {
        var account = $"acct{Guid.NewGuid():N}"[..20];
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO clb.tasks (task_id, region, account, next_poll_at)
            SELECT 'task-' || g, 'ap-guangzhou', @account, now() - interval '1 minute' + g * interval '1 ms'
            FROM generate_series(1, @count) g
            """, new { account, count });
        return account;
    }

    private static ClaimRequest Claim(string account, DateTimeOffset now, int limit, string owner) =>
        new(account, ["ap-guangzhou"], now, now, now, limit, owner, now.AddSeconds(30));

    [Fact]
    public async Task Claims_by_concurrent_workers_skip_each_others_rows_and_never_overlap()
    {
        var account = await EnqueueAsync(200);
        var now = DateTimeOffset.UtcNow;

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(w =>
            store.ClaimAsync(Claim(account, now, 80, $"worker-{w}"), TestContext.Current.CancellationToken)));

        var ids = claims.SelectMany(c => c.Select(t => t.Id)).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Claims_take_the_most_overdue_tasks_first()
    {
        var account = await EnqueueAsync(10);

        var claimed = await store.ClaimAsync(Claim(account, DateTimeOffset.UtcNow, 3, "w"), TestContext.Current.CancellationToken);

        Assert.Equal(["task-1", "task-2", "task-3"], claimed.Select(t => t.TaskId));
    }

    [Fact]
    public async Task A_leased_task_is_not_claimed_again_until_its_lease_expires()
    {
        var account = await EnqueueAsync(5);
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;

        var first = await store.ClaimAsync(Claim(account, now, 10, "crashed-worker"), ct);
        var during = await store.ClaimAsync(Claim(account, now.AddSeconds(29), 10, "other"), ct);
        var after = await store.ClaimAsync(Claim(account, now.AddSeconds(31), 10, "other"), ct);

        Assert.Equal(5, first.Count);
        Assert.Empty(during);
        Assert.Equal(first.Select(t => t.Id).Order(), after.Select(t => t.Id).Order());
    }

    [Fact]
    public async Task Results_apply_in_one_batch_only_to_tasks_still_leased_by_their_worker()
    {
        var account = await EnqueueAsync(3);
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        var tasks = await store.ClaimAsync(Claim(account, now, 3, "mine"), ct);
        var updates = tasks.Select(t => new TaskUpdate(t.Id, TaskStates.Succeeded, 0, null, null, "req-" + t.Id, 1, now, now)).ToList();

        var byStranger = await store.ApplyAsync(updates, "someone-else", now, ct);
        var byOwner = await store.ApplyAsync(updates, "mine", now, ct);
        var twice = await store.ApplyAsync(updates, "mine", now, ct);

        Assert.Equal((0, 3, 0), (byStranger.Count, byOwner.Count, twice.Count));
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string State, int Attempts, string RequestId, bool Leased)>(
            "SELECT state, attempts, last_request_id, lease_owner IS NOT NULL FROM clb.tasks WHERE account = @account", new { account });
        Assert.All(rows, r => Assert.Equal((TaskStates.Succeeded, 1, false), (r.State, r.Attempts, r.Leased)));
    }

    [Fact]
    public async Task A_released_task_keeps_its_attempts_and_last_answer()
    {
        var account = await EnqueueAsync(1);
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        var task = (await store.ClaimAsync(Claim(account, now, 1, "w"), ct)).Single();
        await store.ApplyAsync([new TaskUpdate(task.Id, TaskStates.Pending, 2, "InternalError", "oops", "r1", 1, now, now)], "w", now, ct);
        task = (await store.ClaimAsync(Claim(account, now.AddSeconds(2), 1, "w"), ct)).Single();

        await store.ApplyAsync([PollOutcomePolicy.Release(task, now.AddSeconds(2))], "w", now.AddSeconds(2), ct);

        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleAsync<(int Attempts, short Status, string Code, string RequestId)>(
            "SELECT attempts, last_status, last_error_code, last_request_id FROM clb.tasks WHERE id = @id", new { id = task.Id });
        Assert.Equal((1, (short)2, "InternalError", "r1"), row);
    }

    [Fact]
    public async Task Due_groups_are_sampled_most_overdue_first_and_skip_paused_accounts()
    {
        var paused = await EnqueueAsync(3);
        var active = await EnqueueAsync(3);
        var now = DateTimeOffset.UtcNow;
        var ct = TestContext.Current.CancellationToken;
        await new AccountPauseStore(database.DataSource).PauseAsync(
            new AccountPauseRequest(paused, "credentials", "AuthFailure.SignatureFailure", "bad key"), now, now.AddMinutes(1), ct);

        var groups = await store.SampleDueGroupsAsync(now, now, 1000, ct);

        Assert.Contains(groups, g => g.Account == active && g.Due == 3);
        Assert.DoesNotContain(groups, g => g.Account == paused);
    }
}
