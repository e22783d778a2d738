using System.Text;
using Npgsql;

namespace ClbWorker.Tasks;

public sealed partial class TaskStore
{
    // Newest first, continuing below the last id seen. The statement is assembled from these fixed fragments, one per
    // filter given, rather than "(@x IS NULL OR t.x = @x)" for every filter, so each shape gets a plan for the filters
    // it really has; values are always parameters. See migration 0006 for the index each filter can start from.
    private const string ListSelect = $"SELECT {RecordColumns} FROM clb.tasks t WHERE true";
    private const string ByPendingState = " AND t.state = 'pending'";
    // The second condition lets the planner use the partial index on final states whatever the plan's parameters.
    private const string ByFinalState = " AND t.state = @state AND t.state <> 'pending'";
    private const string ByRegion = " AND t.region = @region";
    private const string ByAccount = " AND t.account = @account";
    // The kind is part of the filter: taskId names a RequestId, dealName an order id, and the same string may be both.
    private const string ByTaskId = " AND t.task_id = @task_id AND t.task_kind = 'request_id'";
    private const string ByDealName = " AND t.task_id = @deal_name AND t.task_kind = 'deal_name'";
    private const string ByCreatedAfter = " AND t.created_at > @created_after";
    private const string BeforeId = " AND t.id < @before_id";
    private const string NewestFirst = " ORDER BY t.id DESC LIMIT @limit";

    /// <summary>
    /// Up to <paramref name="limit"/> tasks matching <paramref name="filter"/>, newest (highest id) first, with ids
    /// below <paramref name="beforeId"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<TaskRecord>> ListAsync(TaskFilter filter, long? beforeId, int limit, CancellationToken ct)
    {
        var (sql, parameters) = ListCommand(filter, beforeId, limit);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());

        var tasks = new List<TaskRecord>(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            tasks.Add(ReadRecord(reader));
        return tasks;
    }

    /// <summary>The statement <see cref="ListAsync"/> runs for this filter, and its parameters (for plan tests too).</summary>
    internal static (string Sql, IReadOnlyList<NpgsqlParameter> Parameters) ListCommand(TaskFilter filter, long? beforeId, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (state, region, account, taskId, createdAfter, dealName) = filter;
        var sql = new StringBuilder(ListSelect);
        var parameters = new List<NpgsqlParameter>();
        if (state == TaskStates.Pending)
            sql.Append(ByPendingState);
        else if (state is not null)
            Filter(sql, parameters, ByFinalState, "state", state);
        if (region is not null)
            Filter(sql, parameters, ByRegion, "region", region);
        if (account is not null)
            Filter(sql, parameters, ByAccount, "account", account);
        if (taskId is not null)
            Filter(sql, parameters, ByTaskId, "task_id", taskId);
        if (dealName is not null)
            Filter(sql, parameters, ByDealName, "deal_name", dealName);
        if (createdAfter is { } after)
            Filter(sql, parameters, ByCreatedAfter, "created_after", after);
        if (beforeId is { } before)
            Filter(sql, parameters, BeforeId, "before_id", before);
        sql.Append(NewestFirst);
        parameters.Add(new NpgsqlParameter<int>("limit", limit));
        return (sql.ToString(), parameters);
    }

    private static void Filter<T>(StringBuilder sql, List<NpgsqlParameter> parameters, string fragment, string parameter, T value)
    {
        sql.Append(fragment);
        parameters.Add(new NpgsqlParameter<T>(parameter, value));
    }
}
