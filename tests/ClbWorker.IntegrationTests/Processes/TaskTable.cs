using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>What the process tests write into and read from <c>clb.tasks</c>, as a client of the engine would.</summary>
internal sealed class TaskTable(NpgsqlDataSource dataSource)
{
    private const string EnqueueSql = "INSERT INTO clb.tasks (task_id, region) SELECT unnest(@ids), 'ap-guangzhou'";

    private const string RowsSql = """
        SELECT id AS Id, task_id AS TaskId, state AS State, attempts AS Attempts, lease_owner AS LeaseOwner,
               lease_expires_at AS LeaseExpiresAt, last_polled_at AS LastPolledAt, created_at AS CreatedAt,
               completed_at AS CompletedAt
        FROM clb.tasks
        """;

    private const string AllSql = RowsSql + " ORDER BY id";

    private const string LeasedSql = RowsSql + " WHERE lease_owner IS NOT NULL ORDER BY id";

    private const string RowsOfSql = RowsSql + " WHERE task_id = ANY(@taskIds) ORDER BY id";

    private const string FinalCountSql = "SELECT count(*) FROM clb.tasks WHERE state <> 'pending'";

    /// <summary>One INSERT for all of them, as a batch from another system would arrive.</summary>
    public async Task EnqueueAsync(IEnumerable<string> taskIds)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(EnqueueSql, new { ids = taskIds.ToArray() },
            cancellationToken: TestContext.Current.CancellationToken));
    }

    public async Task<IReadOnlyList<TaskRow>> RowsAsync() => await QueryAsync(AllSql);

    public async Task<IReadOnlyList<TaskRow>> LeasedAsync() => await QueryAsync(LeasedSql);

    public async Task<IReadOnlyList<TaskRow>> RowsAsync(IEnumerable<string> taskIds) =>
        await QueryAsync(RowsOfSql, new { taskIds = taskIds.ToArray() });

    public async Task<long> FinalCountAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(FinalCountSql,
            cancellationToken: TestContext.Current.CancellationToken));
    }

    private async Task<IReadOnlyList<TaskRow>> QueryAsync(string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<TaskRow>(new CommandDefinition(sql, parameters,
            cancellationToken: TestContext.Current.CancellationToken))).AsList();
    }
}
