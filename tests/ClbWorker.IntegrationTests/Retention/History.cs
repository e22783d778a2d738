using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Retention;

/// <summary>Writes task history straight into the tables, as years of operation would have left it.</summary>
internal sealed class History(NpgsqlDataSource dataSource)
{
    private const string TaskSql = """
        INSERT INTO clb.tasks (task_id, region, state, created_at, completed_at)
        VALUES (@taskId, 'ap-guangzhou', @state, @createdAt, @completedAt)
        RETURNING id
        """;

    private const string DeliverySql = """
        INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, state, next_attempt_at, delivered_at, failed_at)
        VALUES (@messageId, @taskRowId, 'https://receiver.example/hooks', 'task.succeeded', '{}', @state, @at,
                CASE WHEN @state = 'delivered' THEN @at END, CASE WHEN @state = 'failed' THEN @at END)
        RETURNING id
        """;

    private const string AttemptsSql = """
        INSERT INTO clb.webhook_attempts (delivery_id, attempted_at, status_code, duration_ms)
        SELECT @deliveryId, @at, 200, 5 FROM generate_series(1, @count)
        """;

    // Many old tasks at once, each with one delivered delivery and one attempt.
    private const string ManySql = """
        WITH t AS (
            INSERT INTO clb.tasks (task_id, region, state, created_at, completed_at)
            SELECT @prefix || n, 'ap-guangzhou', 'succeeded', @completedAt - interval '1 minute', @completedAt + n * interval '1 millisecond'
            FROM generate_series(1, @count) AS n
            RETURNING id, completed_at
        ), d AS (
            INSERT INTO clb.webhook_deliveries (message_id, task_row_id, url, event_type, body, state, next_attempt_at, delivered_at)
            SELECT 'msg_' || t.id, t.id, 'https://receiver.example/hooks', 'task.succeeded', '{}', 'delivered', t.completed_at, t.completed_at
            FROM t
            RETURNING id, delivered_at
        )
        INSERT INTO clb.webhook_attempts (delivery_id, attempted_at, status_code, duration_ms)
        SELECT d.id, d.delivered_at, 200, 5 FROM d
        """;

    private const string CountsSql = """
        SELECT (SELECT count(*) FROM clb.tasks), (SELECT count(*) FROM clb.webhook_deliveries), (SELECT count(*) FROM clb.webhook_attempts)
        """;

    private int next;

    /// <summary>A final task (<paramref name="completedAt"/> set) or, with null, a pending one; returns its row id.</summary>
    public async Task<long> TaskAsync(DateTimeOffset? completedAt, string state = "succeeded", DateTimeOffset? createdAt = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(TaskSql, new
        {
            taskId = $"history-{Interlocked.Increment(ref next)}-{Guid.NewGuid():N}",
            state = completedAt is null ? "pending" : state,
            createdAt = (createdAt ?? completedAt ?? DateTimeOffset.UtcNow).UtcDateTime,
            completedAt = completedAt?.UtcDateTime,
        });
    }

    /// <summary>A delivery of the task in <paramref name="state"/> with <paramref name="attempts"/> attempts; returns its id.</summary>
    public async Task<long> DeliveryAsync(long taskRowId, string state, int attempts = 0)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var at = DateTime.UtcNow;
        var id = await connection.ExecuteScalarAsync<long>(DeliverySql, new { messageId = $"msg_{Guid.NewGuid():N}", taskRowId, state, at });
        if (attempts > 0)
            await connection.ExecuteAsync(AttemptsSql, new { deliveryId = id, at, count = attempts });
        return id;
    }

    public async Task ManyAsync(int count, DateTimeOffset completedAt)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(ManySql, new { prefix = $"many-{Guid.NewGuid():N}-", count, completedAt = completedAt.UtcDateTime }, commandTimeout: 300);
    }

    public async Task<(long Tasks, long Deliveries, long Attempts)> CountsAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.QuerySingleAsync<(long, long, long)>(CountsSql);
    }

    public async Task<bool> TaskExistsAsync(long id)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM clb.tasks WHERE id = @id)", new { id });
    }

    /// <summary>Tests of one class share the database: each starts from empty tables.</summary>
    public async Task ClearAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("TRUNCATE clb.webhook_attempts, clb.webhook_deliveries, clb.tasks");
    }
}
