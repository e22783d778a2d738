using Npgsql;

namespace ClbWorker.Webhooks.Outbox;

/// <summary>Reading the outbox and its attempt log for the API and dashboard; nothing here writes.</summary>
public sealed class DeliveryLogStore(NpgsqlDataSource dataSource)
{
    public const int MaxListLimit = 1000;

    // A parked delivery (next_attempt_at 'infinity', its endpoint disabled) shows no next attempt.
    private const string Columns = """
        d.id, d.message_id, d.task_row_id, d.endpoint_id, d.url, d.event_type, d.state, d.attempts,
        CASE WHEN d.state = 'pending' AND d.next_attempt_at <> 'infinity' THEN d.next_attempt_at END,
        d.last_status_code, d.last_error, d.created_at, d.updated_at, d.delivered_at, d.failed_at
        """;

    private const string GetSql = $"SELECT {Columns}, d.body FROM clb.webhook_deliveries d WHERE d.id = @id";

    private const string AttemptsSql = """
        SELECT id, attempted_at, status_code, duration_ms, error, response_excerpt
        FROM clb.webhook_attempts
        WHERE delivery_id = @id
        ORDER BY id
        """;

    // Newest first, keyset-paged by id. Npgsql plans each execution with the actual values, so the filters left
    // NULL fold away and the index of the one given (task, endpoint, state) serves the query. A Tencent task id
    // names a task per account and region, so it may match several rows (tasks_task_id_idx finds them).
    private const string ListSql = $"""
        SELECT {Columns}
        FROM clb.webhook_deliveries d
        WHERE (@taskRowId::bigint IS NULL OR d.task_row_id = @taskRowId)
          AND (@taskId::text IS NULL OR d.task_row_id IN (SELECT t.id FROM clb.tasks t WHERE t.task_id = @taskId))
          AND (@endpointId::bigint IS NULL OR d.endpoint_id = @endpointId)
          AND (@state::text IS NULL OR d.state = @state)
          AND (@beforeId::bigint IS NULL OR d.id < @beforeId)
        ORDER BY d.id DESC
        LIMIT @limit
        """;

    public async Task<WebhookDeliveryDetails?> GetDeliveryAsync(long id, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        WebhookDelivery delivery;
        string body;
        await using (var command = new NpgsqlCommand(GetSql, connection))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
                return null;
            (delivery, body) = (ReadDelivery(reader), reader.GetString(15));
        }

        await using var attemptsCommand = new NpgsqlCommand(AttemptsSql, connection);
        attemptsCommand.Parameters.AddWithValue("id", id);
        await using var attemptsReader = await attemptsCommand.ExecuteReaderAsync(ct);
        var attempts = new List<WebhookAttempt>();
        while (await attemptsReader.ReadAsync(ct))
        {
            attempts.Add(new WebhookAttempt(
                attemptsReader.GetInt64(0), attemptsReader.GetFieldValue<DateTimeOffset>(1), attemptsReader.GetFieldValue<int?>(2),
                TimeSpan.FromMilliseconds(attemptsReader.GetInt32(3)),
                attemptsReader.IsDBNull(4) ? null : attemptsReader.GetString(4),
                attemptsReader.IsDBNull(5) ? null : attemptsReader.GetString(5)));
        }
        return new WebhookDeliveryDetails(delivery, body, attempts);
    }

    /// <summary>Deliveries matching every filter given (null: any), newest first.</summary>
    /// <param name="state">One of <see cref="DeliveryStates"/>, or null.</param>
    /// <param name="limit">1 to <see cref="MaxListLimit"/>.</param>
    /// <param name="beforeId">Only deliveries with a smaller id: pass the last id of a page to get the next one.</param>
    public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(
        long? taskRowId, long? endpointId, string? state, int limit, long? beforeId, CancellationToken ct) =>
        ListDeliveriesAsync(new DeliveryListQuery(taskRowId, null, endpointId, state, limit, beforeId), ct);

    /// <summary>Deliveries matching every filter of <paramref name="query"/>, newest first.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(DeliveryListQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > MaxListLimit)
            throw new ArgumentOutOfRangeException(nameof(query), query.Limit, $"limit must be 1 to {MaxListLimit}.");
        if (query.State is not null && !DeliveryStates.All.Contains(query.State, StringComparer.Ordinal))
            throw new ArgumentException($"state '{query.State}' is not one of {string.Join(", ", DeliveryStates.All)}.", nameof(query));

        await using var command = dataSource.CreateCommand(ListSql);
        command.Parameters.AddWithValue("taskRowId", (object?)query.TaskRowId ?? DBNull.Value);
        command.Parameters.AddWithValue("taskId", (object?)query.TaskId ?? DBNull.Value);
        command.Parameters.AddWithValue("endpointId", (object?)query.EndpointId ?? DBNull.Value);
        command.Parameters.AddWithValue("state", (object?)query.State ?? DBNull.Value);
        command.Parameters.AddWithValue("beforeId", (object?)query.BeforeId ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", query.Limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var deliveries = new List<WebhookDelivery>(Math.Min(query.Limit, 100));
        while (await reader.ReadAsync(ct))
            deliveries.Add(ReadDelivery(reader));
        return deliveries;
    }

    private static WebhookDelivery ReadDelivery(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<long?>(3), reader.GetString(4),
        reader.GetString(5), reader.GetString(6), reader.GetInt32(7), reader.GetFieldValue<DateTimeOffset?>(8),
        reader.GetFieldValue<int?>(9), reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.GetFieldValue<DateTimeOffset>(11), reader.GetFieldValue<DateTimeOffset>(12),
        reader.GetFieldValue<DateTimeOffset?>(13), reader.GetFieldValue<DateTimeOffset?>(14));
}
