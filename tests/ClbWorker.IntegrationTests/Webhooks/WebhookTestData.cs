using System.Security.Cryptography;
using ClbWorker.Webhooks.Endpoints;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Webhooks;

/// <summary>Rows for webhook tests. Every call makes rows of its own (a fresh account), so tests sharing a database never meet.</summary>
internal static class WebhookTestData
{
    public const string CallbackUrl = "https://receiver.example/clb-callback";

    private const string InsertTasksSql = """
        INSERT INTO clb.tasks (task_id, region, account, callback_url, metadata, next_poll_at)
        SELECT 'task-' || g, 'ap-guangzhou', @account, @callbackUrl, @metadata::jsonb, now() - interval '1 minute'
        FROM generate_series(1, @count) g
        RETURNING id
        """;

    // What an operator or a cancel would run: a plain UPDATE of chosen rows.
    private const string FinishSql = """
        UPDATE clb.tasks
        SET state = @state, completed_at = @now, updated_at = @now, last_status = @status
        WHERE id = ANY(@ids) AND state = 'pending'
        """;

    private const string DeliveriesSql = """
        SELECT id AS Id, message_id AS MessageId, task_row_id AS TaskRowId, endpoint_id AS EndpointId, url AS Url,
               event_type AS EventType, body AS Body, state AS State, attempts AS Attempts, next_attempt_at AS NextAttemptAt
        FROM clb.webhook_deliveries
        WHERE task_row_id = ANY(@taskRowIds)
        ORDER BY id
        """;

    /// <summary>Wall-clock now to the millisecond, so that it survives a round trip through timestamptz unchanged.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewAccount() => $"acct{Guid.NewGuid():N}"[..24];

    public static async Task<(string Account, long[] Ids)> InsertTasksAsync(
        NpgsqlDataSource dataSource, int count, string? callbackUrl = CallbackUrl, string metadata = "{}")
    {
        var account = NewAccount();
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        var ids = await connection.QueryAsync<long>(InsertTasksSql, new { account, callbackUrl, metadata, count });
        return (account, ids.ToArray());
    }

    public static async Task<int> FinishAsync(NpgsqlConnection connection, long[] ids, string state, DateTimeOffset now, NpgsqlTransaction? transaction = null) =>
        await connection.ExecuteAsync(FinishSql, new { ids, state, now, status = state == "succeeded" ? (short?)0 : null }, transaction);

    public static async Task<int> FinishAsync(NpgsqlDataSource dataSource, long[] ids, string state, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await FinishAsync(connection, ids, state, now);
    }

    public static async Task<List<DeliveryRow>> DeliveriesAsync(NpgsqlDataSource dataSource, params long[] taskRowIds)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return (await connection.QueryAsync<DeliveryRow>(DeliveriesSql, new { taskRowIds })).AsList();
    }

    public static Task<WebhookEndpoint> EndpointAsync(NpgsqlDataSource dataSource, params string[] eventTypes) =>
        new WebhookEndpointStore(dataSource).CreateAsync(
            $"https://{Guid.NewGuid():N}.example/hook", NewSecret(), eventTypes, Now(), TestContext.Current.CancellationToken);
}

public sealed record DeliveryRow(
    long Id, string MessageId, long TaskRowId, long? EndpointId, string Url, string EventType, string Body, string State,
    int Attempts, DateTime NextAttemptAt);
