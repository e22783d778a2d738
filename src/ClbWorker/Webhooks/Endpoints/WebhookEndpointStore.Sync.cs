using ClbWorker.Webhooks.Outbox;
using Npgsql;

namespace ClbWorker.Webhooks.Endpoints;

public sealed partial class WebhookEndpointStore
{
    // Processes starting together would otherwise read the same rows and insert the same names; the later ones
    // wait and then find nothing to do. Any fixed number works; ASCII "CLBHOOK".
    private const long SyncLockKey = 0x0043_4C42_484F_4F4B;

    private const string SyncLockSql = "SELECT pg_advisory_xact_lock(@key)";

    private const string ConfiguredSql = $"SELECT {Columns} FROM clb.webhook_endpoints WHERE source = 'config' FOR UPDATE";

    private const string UpdateSql = """
        UPDATE clb.webhook_endpoints
        SET url = @url, secret = @secret, previous_secret = @previousSecret,
            previous_secret_expires_at = @previousSecretExpiresAt, event_types = @eventTypes, enabled = @enabled,
            disabled_reason = @disabledReason, disabled_at = @disabledAt, first_failure_at = @firstFailureAt,
            updated_at = @updatedAt
        WHERE id = @id
        """;

    private const string DisableRemovedSql = """
        UPDATE clb.webhook_endpoints
        SET enabled = false, disabled_reason = @reason, disabled_at = @now, updated_at = @now
        WHERE source = 'config' AND enabled AND NOT (name = ANY(@names))
        RETURNING id
        """;

    /// <summary>
    /// Brings the <c>config:&lt;name&gt;</c> endpoints in step with configuration, in one transaction: new names are
    /// added, changed ones updated (a new secret keeps the old one signing for <paramref name="secretRotationOverlap"/>),
    /// and ones no longer configured are disabled with the reason "removed from configuration" rather than deleted,
    /// so their delivery log survives and their pending deliveries go out if the entry comes back.
    /// </summary>
    /// <exception cref="InvalidOperationException">An entry is incomplete or invalid; the message names its key.</exception>
    public async Task<EndpointSyncSummary> SyncConfiguredAsync(
        IReadOnlyDictionary<string, WebhookEndpointOptions> configured, TimeSpan secretRotationOverlap, DateTimeOffset now, CancellationToken ct)
    {
        var wanted = configured.Select(entry => ConfiguredEndpoint.From(entry.Key, entry.Value)).ToList();
        var clash = wanted.GroupBy(w => w.RowName).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException(
                $"{WebhookOptions.Section}:Endpoints names {string.Join(" and ", clash.Select(w => w.ConfigName))}, which differ only in case: keep one.");

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand(SyncLockSql, connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", SyncLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        await using var configuredCommand = new NpgsqlCommand(ConfiguredSql, connection, transaction);
        var existing = (await ReadAllAsync(configuredCommand, ct)).ToDictionary(e => e.Name!, StringComparer.Ordinal);
        var (added, changed) = (0, new List<long>());
        foreach (var endpoint in wanted)
        {
            try
            {
                if (!existing.TryGetValue(endpoint.RowName, out var row))
                {
                    await InsertAsync(connection, transaction, endpoint.RowName, endpoint.Url, endpoint.Secret, endpoint.EventTypes,
                        WebhookEndpointSources.Config, now, ct);
                    added++;
                }
                else if (endpoint.ApplyTo(row, secretRotationOverlap, now) is { } updated)
                {
                    await UpdateAsync(connection, transaction, updated, ct);
                    changed.Add(row.Id);
                }
            }
            catch (PostgresException error) when (EndpointConstraintErrors.Broken(error) is { } rule)
            {
                var value = rule.Field switch { "Url" => endpoint.Url, "EventTypes" => (object)endpoint.EventTypes, _ => null };
                var key = $"{WebhookOptions.Section}:Endpoints:{endpoint.ConfigName}:{rule.Field}";
                throw new InvalidOperationException(EndpointConstraintErrors.Describe(rule, key, value), error);
            }
        }

        var disabled = await DisableRemovedAsync(connection, transaction, wanted.Select(w => w.RowName).ToArray(), now, ct);
        await PendingDeliveries.FollowEndpointsAsync(connection, transaction, [.. changed, .. disabled], ct, now);
        await transaction.CommitAsync(ct);
        return new EndpointSyncSummary(added, changed.Count, disabled.Count);
    }

    private static async Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WebhookEndpoint row, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(UpdateSql, connection, transaction);
        command.Parameters.AddWithValue("id", row.Id);
        command.Parameters.AddWithValue("url", row.Url);
        command.Parameters.AddWithValue("secret", row.Secret);
        command.Parameters.AddWithValue("previousSecret", (object?)row.PreviousSecret ?? DBNull.Value);
        command.Parameters.AddWithValue("previousSecretExpiresAt", (object?)row.PreviousSecretExpiresAt ?? DBNull.Value);
        command.Parameters.AddWithValue("eventTypes", row.EventTypes.ToArray());
        command.Parameters.AddWithValue("enabled", row.Enabled);
        command.Parameters.AddWithValue("disabledReason", (object?)row.DisabledReason ?? DBNull.Value);
        command.Parameters.AddWithValue("disabledAt", (object?)row.DisabledAt ?? DBNull.Value);
        command.Parameters.AddWithValue("firstFailureAt", (object?)row.FirstFailureAt ?? DBNull.Value);
        command.Parameters.AddWithValue("updatedAt", row.UpdatedAt);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<long>> DisableRemovedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] names, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(DisableRemovedSql, connection, transaction);
        command.Parameters.AddWithValue("names", names);
        command.Parameters.AddWithValue("reason", ConfiguredEndpoint.RemovedReason);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<long>();
        while (await reader.ReadAsync(ct))
            ids.Add(reader.GetInt64(0));
        return ids;
    }
}
