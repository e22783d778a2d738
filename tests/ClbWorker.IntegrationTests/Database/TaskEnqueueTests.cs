using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;

namespace ClbWorker.IntegrationTests.Database;

public sealed class TaskEnqueueTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string EnqueueSql = "SELECT clb.enqueue_task(task_id => @taskId, region => @region)";

    private sealed record TaskRow(
        long Id, string TaskId, string Region, string Account, string State, short? LastStatus, int Attempts,
        DateTime NextPollAt, DateTime? DeadlineAt, string? CallbackUrl, string Metadata, DateTime CreatedAt,
        DateTime UpdatedAt, DateTime? CompletedAt, string? LeaseOwner);

    private const string SelectSql = """
        SELECT id, task_id AS TaskId, region, account, state, last_status AS LastStatus, attempts,
               next_poll_at AS NextPollAt, deadline_at AS DeadlineAt, callback_url AS CallbackUrl,
               metadata::text AS Metadata, created_at AS CreatedAt, updated_at AS UpdatedAt,
               completed_at AS CompletedAt, lease_owner AS LeaseOwner
        FROM clb.tasks WHERE task_id = @taskId
        """;

    [Fact]
    public async Task Plain_insert_of_task_id_and_region_gets_a_pending_task_due_now_with_defaults()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var taskId = "55c85074-3e7f-4c6d-864f-673660d4f8de";
        var before = await connection.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()");

        // The statement an operator types by hand, as documented.
        await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region) VALUES ('55c85074-3e7f-4c6d-864f-673660d4f8de', 'ap-guangzhou');");

        var row = await connection.QuerySingleAsync<TaskRow>(SelectSql, new { taskId });
        Assert.Equal(("ap-guangzhou", "default", "pending", 0), (row.Region, row.Account, row.State, row.Attempts));
        Assert.Equal("{}", row.Metadata);
        Assert.Null(row.LastStatus);
        Assert.Null(row.CompletedAt);
        Assert.Null(row.DeadlineAt);
        Assert.Null(row.LeaseOwner);
        Assert.InRange(row.NextPollAt, before.AddSeconds(-1), DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(row.CreatedAt, row.NextPollAt);
        Assert.Equal(row.CreatedAt, row.UpdatedAt);
        Assert.True(await connection.ExecuteScalarAsync<bool>(
            "SELECT next_poll_at <= now() FROM clb.tasks WHERE task_id = @taskId", new { taskId }));
    }

    [Fact]
    public async Task Enqueue_task_returns_the_new_id_and_the_same_id_for_a_duplicate_without_a_second_row()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var taskId = Guid.NewGuid().ToString();

        var first = await connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId, region = "ap-guangzhou" });
        var again = await connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId, region = "ap-guangzhou" });
        var otherRegion = await connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId, region = "ap-shanghai" });

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherRegion);
        Assert.Equal(first, await connection.ExecuteScalarAsync<long>(
            "SELECT id FROM clb.tasks WHERE task_id = @taskId AND region = 'ap-guangzhou'", new { taskId }));
        Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.tasks WHERE task_id = @taskId", new { taskId }));
    }

    [Fact]
    public async Task Enqueue_task_stores_every_named_argument_and_a_duplicate_keeps_the_original_settings()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var taskId = Guid.NewGuid().ToString();
        var deadline = DateTime.UtcNow.AddHours(2);
        const string Sql = """
            SELECT clb.enqueue_task(task_id => @taskId, region => 'ap-shanghai-fsi', account => 'team.prod_2',
                callback_url => @callbackUrl, metadata => @metadata::jsonb, deadline => @deadline)
            """;

        var id = await connection.ExecuteScalarAsync<long>(Sql, new { taskId, callbackUrl = "https://hooks.example.test/clb", metadata = """{"order": 42}""", deadline });
        var duplicate = await connection.ExecuteScalarAsync<long>(Sql, new { taskId, callbackUrl = "https://other.example.test/", metadata = "{}", deadline });

        Assert.Equal(id, duplicate);
        var row = await connection.QuerySingleAsync<TaskRow>(SelectSql, new { taskId });
        Assert.Equal(("ap-shanghai-fsi", "team.prod_2", "pending"), (row.Region, row.Account, row.State));
        Assert.Equal("https://hooks.example.test/clb", row.CallbackUrl);
        Assert.Equal(42, JsonDocument.Parse(row.Metadata).RootElement.GetProperty("order").GetInt32());
        Assert.NotNull(row.DeadlineAt);
        Assert.InRange(row.DeadlineAt.Value, deadline.AddMilliseconds(-1), deadline.AddMilliseconds(1));
    }

    [Fact]
    public async Task Concurrent_duplicate_enqueue_task_calls_all_return_one_id_and_insert_one_row()
    {
        var taskId = Guid.NewGuid().ToString();
        const int Callers = 12;

        // Each caller on its own connection, all opened first so that the calls go out together and overlap.
        var connections = await Task.WhenAll(Enumerable.Range(0, Callers)
            .Select(_ => database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken).AsTask()));
        long[] ids;
        try
        {
            ids = await Task.WhenAll(connections.Select(connection =>
                connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId, region = "ap-guangzhou" })));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }

        Assert.Single(ids.Distinct());
        await using var check = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.tasks WHERE task_id = @taskId", new { taskId }));
    }

    [Fact]
    public async Task A_deal_name_is_a_task_of_its_own_kind_by_insert_and_by_enqueue_task_which_stays_idempotent_per_kind()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var id = "2024" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999);

        var requestId = await connection.ExecuteScalarAsync<long>(EnqueueSql, new { taskId = id, region = "ap-guangzhou" });
        var dealName = await connection.ExecuteScalarAsync<long>(
            "SELECT clb.enqueue_task(task_id => @id, region => 'ap-guangzhou', task_kind => 'deal_name')", new { id });
        var again = await connection.ExecuteScalarAsync<long>(
            "SELECT clb.enqueue_task(@id, 'ap-guangzhou', 'default', NULL, '{}', NULL, 'deal_name')", new { id });
        await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region, task_kind) VALUES (@id, 'ap-shanghai', 'deal_name')", new { id });
        var kinds = (await connection.QueryAsync<(string Region, string Kind)>(
            "SELECT region, task_kind FROM clb.tasks WHERE task_id = @id ORDER BY id", new { id })).ToList();
        var bad = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => connection.ExecuteScalarAsync<long>(
            "SELECT clb.enqueue_task(task_id => 'x', region => 'ap-guangzhou', task_kind => 'order')"));

        Assert.NotEqual(requestId, dealName);
        Assert.Equal(dealName, again);
        Assert.Equal([("ap-guangzhou", "request_id"), ("ap-guangzhou", "deal_name"), ("ap-shanghai", "deal_name")], kinds);
        Assert.Equal("22023", bad.SqlState);
        Assert.StartsWith("task_kind 'order' is not valid: it must be 'request_id'", bad.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_task_kind_is_refused_by_a_constraint_that_says_the_rule()
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region, task_kind) VALUES ('k-1', 'ap-guangzhou', 'RequestId')"));

        Assert.Equal("task_kind_must_be_request_id_or_deal_name", error.ConstraintName);
    }
}
