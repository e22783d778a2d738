using ClbWorker.Webhooks.Outbox;
using Npgsql;

namespace ClbWorker.Webhooks.Endpoints;

/// <summary>
/// The rows of <c>clb.webhook_endpoints</c>: the configured ones kept in step with configuration
/// (<see cref="SyncConfiguredAsync"/>) and the operations the HTTP API offers on any endpoint.
/// </summary>
public sealed partial class WebhookEndpointStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, name, url, secret, previous_secret, previous_secret_expires_at, event_types, enabled, disabled_reason,
        disabled_at, source, created_at, updated_at, first_failure_at
        """;

    private const string InsertSql = $"""
        INSERT INTO clb.webhook_endpoints (name, url, secret, event_types, source, created_at, updated_at)
        VALUES (@name, @url, @secret, @eventTypes, @source, @now, @now)
        RETURNING {Columns}
        """;

    private const string GetSql = $"SELECT {Columns} FROM clb.webhook_endpoints WHERE id = @id";

    private const string ListSql = $"SELECT {Columns} FROM clb.webhook_endpoints ORDER BY id";

    // Its deliveries and their attempts go with it (ON DELETE CASCADE).
    private const string DeleteSql = "DELETE FROM clb.webhook_endpoints WHERE id = @id";
    private const int DeleteAttempts = 3;

    // SET expressions read the old row, so previous_secret takes the secret being replaced. Rotating to the secret
    // already in force changes nothing; an overlap that has already ended drops the old secret at once.
    private const string RotateSecretSql = $"""
        UPDATE clb.webhook_endpoints
        SET previous_secret = CASE WHEN secret = @secret THEN previous_secret WHEN @overlapUntil > @now THEN secret END,
            previous_secret_expires_at = CASE WHEN secret = @secret THEN previous_secret_expires_at WHEN @overlapUntil > @now THEN @overlapUntil END,
            secret = @secret,
            updated_at = @now
        WHERE id = @id
        RETURNING {Columns}
        """;

    // Disabling twice keeps the first reason and time: that is when and why it stopped.
    private const string DisableSql = """
        UPDATE clb.webhook_endpoints
        SET disabled_reason = CASE WHEN enabled THEN @reason ELSE disabled_reason END,
            disabled_at = CASE WHEN enabled THEN @now ELSE disabled_at END,
            updated_at = CASE WHEN enabled THEN @now ELSE updated_at END,
            enabled = false
        WHERE id = @id
        """;

    // Enabling starts a fresh failure streak: the failures before it were what got the endpoint disabled.
    private const string EnableSql = """
        UPDATE clb.webhook_endpoints
        SET first_failure_at = CASE WHEN enabled THEN first_failure_at END,
            updated_at = CASE WHEN enabled THEN updated_at ELSE @now END,
            enabled = true,
            disabled_reason = NULL,
            disabled_at = NULL
        WHERE id = @id
        """;

    /// <summary>Adds an endpoint created through the API.</summary>
    /// <param name="eventTypes">Types it receives (<see cref="WebhookEventTypes"/>); empty for all.</param>
    /// <exception cref="ArgumentException">The URL, secret or an event type is not valid; the message says what is allowed.</exception>
    public async Task<WebhookEndpoint> CreateAsync(string url, string secret, IReadOnlyCollection<string> eventTypes, DateTimeOffset now, CancellationToken ct)
    {
        var types = WebhookEndpoint.NormaliseEventTypes(eventTypes);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            return await InsertAsync(connection, null, null, url, secret, types, WebhookEndpointSources.Api, now, ct);
        }
        catch (PostgresException error) when (EndpointConstraintErrors.Broken(error) is { } rule)
        {
            var value = rule.Field switch { "Url" => url, "EventTypes" => (object)types, _ => null };
            throw new ArgumentException(EndpointConstraintErrors.Describe(rule, rule.Field, value), rule.Field, error);
        }
    }

    public async Task<WebhookEndpoint?> GetAsync(long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(GetSql);
        command.Parameters.AddWithValue("id", id);
        return (await ReadAllAsync(command, ct)).SingleOrDefault();
    }

    /// <summary>Every endpoint, configured and API-created, in the order they were added.</summary>
    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        return await ReadAllAsync(command, ct);
    }

    /// <summary>
    /// Deletes an endpoint with its deliveries and their log. A configured endpoint comes back at the next start
    /// while configuration still names it; disable it instead to stop it for good.
    /// </summary>
    /// <returns>Whether it existed.</returns>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = dataSource.CreateCommand(DeleteSql);
                command.Parameters.AddWithValue("id", id);
                return await command.ExecuteNonQueryAsync(ct) > 0;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < DeleteAttempts)
            {
                // The sender records attempts by locking deliveries and then their endpoint; the cascade locks the
                // endpoint and then its deliveries. When they cross, PostgreSQL aborts one: the sender retries, so do we.
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="newSecret"/> the signing secret; the current one keeps signing too until
    /// <paramref name="overlapUntil"/> (pass <paramref name="now"/> to drop it at once). Only one previous secret is
    /// kept: rotating again during an overlap ends the older one.
    /// </summary>
    /// <returns>The endpoint after the rotation; null when it does not exist.</returns>
    /// <exception cref="ArgumentException">The new secret is not a valid whsec_ secret.</exception>
    public async Task<WebhookEndpoint?> RotateSecretAsync(long id, string newSecret, DateTimeOffset overlapUntil, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(RotateSecretSql);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("secret", newSecret);
        command.Parameters.AddWithValue("overlapUntil", overlapUntil);
        command.Parameters.AddWithValue("now", now);
        try
        {
            return (await ReadAllAsync(command, ct)).SingleOrDefault();
        }
        catch (PostgresException error) when (EndpointConstraintErrors.Broken(error) is { } rule)
        {
            throw new ArgumentException(EndpointConstraintErrors.Describe(rule, "newSecret", null), nameof(newSecret), error);
        }
    }

    /// <summary>
    /// Stops sending to the endpoint. Its pending deliveries stay pending (parked) and go out once it is enabled;
    /// no deliveries are enqueued for it meanwhile.
    /// </summary>
    /// <returns>Whether it exists.</returns>
    public async Task<bool> DisableAsync(long id, string reason, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return await ChangeAndFollowAsync(DisableSql, id, now, reason, ct);
    }

    /// <summary>Resumes sending: its pending deliveries are due at once. Failed ones stay failed (recover them).</summary>
    /// <returns>Whether it exists.</returns>
    public Task<bool> EnableAsync(long id, DateTimeOffset now, CancellationToken ct) => ChangeAndFollowAsync(EnableSql, id, now, null, ct);

    private async Task<bool> ChangeAndFollowAsync(string sql, long id, DateTimeOffset now, string? reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("now", now);
        if (reason is not null)
            command.Parameters.AddWithValue("reason", reason);
        if (await command.ExecuteNonQueryAsync(ct) == 0)
            return false;
        await PendingDeliveries.FollowEndpointsAsync(connection, transaction, [id], ct, now);
        await transaction.CommitAsync(ct);
        return true;
    }

    private static async Task<WebhookEndpoint> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? name,
        string url, string secret, IReadOnlyList<string> eventTypes, string source, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(InsertSql, connection, transaction);
        command.Parameters.AddWithValue("name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("url", url);
        command.Parameters.AddWithValue("secret", secret);
        command.Parameters.AddWithValue("eventTypes", eventTypes.ToArray());
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("now", now);
        return (await ReadAllAsync(command, ct)).Single();
    }

    private static async Task<List<WebhookEndpoint>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var endpoints = new List<WebhookEndpoint>();
        while (await reader.ReadAsync(ct))
        {
            endpoints.Add(new WebhookEndpoint(
                reader.GetInt64(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset?>(5),
                reader.GetFieldValue<string[]>(6),
                reader.GetBoolean(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset?>(9),
                reader.GetString(10),
                reader.GetFieldValue<DateTimeOffset>(11),
                reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetFieldValue<DateTimeOffset?>(13)));
        }
        return endpoints;
    }
}
