using Dapper;
using Npgsql;

namespace ClbWorker.Benchmarks.Observation;

/// <summary>The harness's own SQL on <c>clb.tasks</c>: enqueueing as a producer would (plain multi-row INSERT) and counting outcomes.</summary>
public sealed class TaskTable(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO clb.tasks (task_id, region, account, deadline_at)
        SELECT t.task_id, @region, t.account, @deadline FROM unnest(@ids, @accounts) AS t(task_id, account)
        """;

    /// <summary>Enqueues in multi-row INSERTs of <paramref name="rowsPerStatement"/> rows; returns when the last committed.</summary>
    public async Task InsertAsync(IReadOnlyList<(string TaskId, string Account)> tasks, CancellationToken ct, string region = "ap-guangzhou",
        DateTimeOffset? deadline = null, int rowsPerStatement = 1000)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var chunk in tasks.Chunk(rowsPerStatement))
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                region,
                deadline,
                ids = chunk.Select(t => t.TaskId).ToArray(),
                accounts = chunk.Select(t => t.Account).ToArray(),
            }, cancellationToken: ct));
        }
    }

    public async Task<long> CountFinalAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM clb.tasks WHERE state <> 'pending'", cancellationToken: ct));
    }

    /// <summary>Every task's id and state.</summary>
    public async Task<Dictionary<string, string>> StatesAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<(string TaskId, string State)>(
            new CommandDefinition("SELECT task_id, state FROM clb.tasks", cancellationToken: ct));
        return rows.ToDictionary(r => r.TaskId, r => r.State);
    }

    /// <summary>Waits until at least <paramref name="count"/> tasks are final or <paramref name="within"/> has passed; returns how many are.</summary>
    public async Task<long> WaitFinalAsync(long count, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var final = await CountFinalAsync(ct);
            if (final >= count || DateTimeOffset.UtcNow > deadline)
                return final;
            await Task.Delay(250, ct);
        }
    }
}
