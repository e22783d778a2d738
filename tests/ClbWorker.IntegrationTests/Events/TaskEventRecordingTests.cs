using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;
using ClbWorker.Tasks;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Events;

/// <summary>The trigger of migration 0012 on <c>clb.tasks</c> and <c>clb.rate_limits</c>. Each test looks only at its own tasks.</summary>
public sealed class TaskEventRecordingTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromHours(1);

    private readonly PollingStore polling = new(database.DataSource);

    [Fact]
    public async Task A_final_transition_records_one_event_whose_body_is_the_webhook_body_and_whose_lag_is_from_the_previous_poll()
    {
        var account = Account();
        var id = await InsertAsync(account);
        var now = DateTimeOffset.UtcNow;
        await ClaimAndApplyAsync(account, now, TaskStates.Pending, 2, now.AddSeconds(-3));
        await ClaimAndApplyAsync(account, now, TaskStates.Succeeded, 0, now.AddSeconds(-1));

        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        var events = (await connection.QueryAsync<(string Type, string State, string Body, double? Lag, string Expected)>("""
            SELECT e.type, e.state, e.body, e.detection_lag_seconds, clb.task_webhook_body(t)
            FROM clb.task_events e JOIN clb.tasks t ON t.id = e.task_row_id
            WHERE e.task_row_id = @id ORDER BY e.id
            """, new { id })).ToList();
        Assert.Equal(["task.polled", "task.succeeded"], events.Select(e => e.Type));
        Assert.Equal(["pending", "succeeded"], events.Select(e => e.State));
        Assert.Equal(events[1].Expected, events[1].Body);
        Assert.StartsWith("{\"type\":\"task.polled\",\"timestamp\":\"", events[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"pending\",\"status\":2,", events[0].Body, StringComparison.Ordinal);
        Assert.Null(events[0].Lag);
        Assert.Equal(2.0, events[1].Lag!.Value, 3);
    }

    [Fact]
    public async Task Claims_reschedules_without_a_poll_and_rolled_back_transitions_record_nothing()
    {
        var account = Account();
        var id = await InsertAsync(account);
        var now = DateTimeOffset.UtcNow;
        var claimed = await polling.ClaimAsync(new ClaimRequest(account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.Zero, 10, "poller", Lease, now), Ct);
        Assert.Single(claimed);
        // A rate-limit refusal: rescheduled, not polled.
        await polling.ApplyAsync([new TaskUpdate(id, TaskStates.Pending, null, null, null, null, 0, TimeSpan.Zero, null)], "poller", Deadline, Ct, now);
        await using (var connection = await database.DataSource.OpenConnectionAsync(Ct))
        await using (var transaction = await connection.BeginTransactionAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE clb.tasks SET state = 'cancelled', completed_at = now() WHERE id = @id", new { id }, transaction);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(0, await CountEventsAsync(id));
    }

    [Fact]
    public async Task Event_ids_follow_commit_order_so_a_later_commit_never_gets_a_smaller_id()
    {
        var account = Account();
        var first = await InsertAsync(account, "first");
        var second = await InsertAsync(account, "second");
        await using var early = await database.DataSource.OpenConnectionAsync(Ct);
        await using var earlyTransaction = await early.BeginTransactionAsync(Ct);
        await early.ExecuteAsync("UPDATE clb.tasks SET state = 'cancelled', completed_at = now() WHERE id = @first", new { first }, earlyTransaction);

        // Started while the first is uncommitted: without the recording lock it would draw the next id and could commit first.
        await using var lateConnection = await database.DataSource.OpenConnectionAsync(Ct);
        var late = lateConnection.ExecuteAsync("UPDATE clb.tasks SET state = 'cancelled', completed_at = now() WHERE id = @second", new { second });
        await LockWaits.UntilBlockedByAsync(database.DataSource, early.ProcessID, "the second transaction waiting for a lock the first holds");
        Assert.False(late.IsCompleted, "the second transaction records its event only after the first has committed");
        await earlyTransaction.CommitAsync(Ct);
        await late.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        await using var read = await database.DataSource.OpenConnectionAsync(Ct);
        var ids = (await read.QueryAsync<long>("SELECT task_row_id FROM clb.task_events WHERE task_row_id IN (@first, @second) ORDER BY id",
            new { first, second })).ToList();
        Assert.Equal([first, second], ids);
    }

    [Fact]
    public async Task Every_change_of_a_keys_grant_counters_adds_to_its_ten_second_bucket_with_the_configured_rate()
    {
        var account = Account();
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            await connection.ExecuteAsync(
                "SELECT * FROM clb.reserve_send_slots(@account, 'clb.example.test', 20, 4, interval '10 seconds', interval '0', 0.05)", new { account });
        }
        await connection.ExecuteAsync("SELECT clb.note_limit_exceeded(@account, 'clb.example.test', interval '1 second', 0.1, 0.05)", new { account });

        var buckets = (await connection.QueryAsync<(DateTime Start, long Granted, long Exceeded, double Rate)>(
            "SELECT bucket_start, granted, limit_exceeded, requests_per_second FROM clb.rate_limit_history WHERE account = @account", new { account })).ToList();
        Assert.Equal(12, buckets.Sum(b => b.Granted));
        Assert.Equal(1, buckets.Sum(b => b.Exceeded));
        Assert.All(buckets, b => Assert.Equal(20, b.Rate));
        Assert.All(buckets, b => Assert.Equal(0, b.Start.Second % 10));
    }

    private static string Account() => "events-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<long> InsertAsync(string account, string taskId = "task")
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO clb.tasks (task_id, region, account, created_at) VALUES (@taskId, 'ap-guangzhou', @account, now() - interval '5 seconds') RETURNING id",
            new { taskId, account });
    }

    private async Task ClaimAndApplyAsync(string account, DateTimeOffset now, string state, short status, DateTimeOffset polledAt)
    {
        // A minute on, so the previous claim's lease is over.
        var claimed = await polling.ClaimAsync(new ClaimRequest(account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.Zero, 10, "poller", Lease, now.AddMinutes(1)), Ct);
        await polling.ApplyAsync(claimed.Select(t => new TaskUpdate(t.Id, state, status, null, null, "req", 1, TimeSpan.Zero, polledAt)).ToList(), "poller",
            Deadline, Ct, now);
    }

    private async Task<long> CountEventsAsync(long id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.task_events WHERE task_row_id = @id", new { id });
    }
}
