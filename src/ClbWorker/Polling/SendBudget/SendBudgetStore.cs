using Microsoft.Extensions.Options;
using Npgsql;

namespace ClbWorker.Polling.SendBudget;

/// <summary>
/// The cluster-wide request budget per (account, endpoint host), kept in <c>clb.rate_limits</c> and
/// changed only through the functions of migration 0004, which serialise on the key's row.
/// </summary>
public sealed class SendBudgetStore(NpgsqlDataSource dataSource, IOptions<PollingOptions> options)
{
    private const string ReserveSql = """
        SELECT granted, first_slot_at, spacing_ms, next_free_at, database_now
        FROM clb.reserve_send_slots(@account, @host, @rate, @wanted, @horizon, @slack, @recovery)
        """;
    private const string LimitExceededSql = "SELECT clb.note_limit_exceeded(@account, @host, @cooldown, @minFactor, @recovery)";

    private const string ClockSql = "SELECT clock_timestamp()";

    private PollingOptions Options => options.Value;

    /// <summary>Reads the database clock, on which send slots are planned.</summary>
    public async Task<DateTimeOffset> ReadClockAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ClockSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetFieldValue<DateTimeOffset>(0);
    }

    public async Task<SlotGrant> ReserveAsync(RateLimitKey key, double requestsPerSecond, int wanted, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ReserveSql);
        command.Parameters.AddWithValue("account", key.Account);
        command.Parameters.AddWithValue("host", key.Host);
        command.Parameters.AddWithValue("rate", requestsPerSecond);
        command.Parameters.AddWithValue("wanted", wanted);
        command.Parameters.AddWithValue("horizon", Options.ReservationHorizon);
        command.Parameters.AddWithValue("slack", Options.RateWindowSlack);
        command.Parameters.AddWithValue("recovery", Options.RateRecoveryPerSecond);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new SlotGrant(
            reader.GetInt32(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            TimeSpan.FromMilliseconds(reader.GetDouble(2)),
            reader.GetFieldValue<DateTimeOffset>(3),
            reader.GetFieldValue<DateTimeOffset>(4));
    }

    /// <summary>
    /// Halves the key's rate (at most once per cooldown) and holds every worker back for the cooldown, inside the
    /// caller's transaction: a batch written again after a failure notes it again only if the first try rolled back.
    /// </summary>
    public async Task NoteLimitExceededAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RateLimitKey key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(LimitExceededSql, connection, transaction);
        command.Parameters.AddWithValue("account", key.Account);
        command.Parameters.AddWithValue("host", key.Host);
        command.Parameters.AddWithValue("cooldown", Options.RateLimitCooldown);
        command.Parameters.AddWithValue("minFactor", Options.MinRateFactor);
        command.Parameters.AddWithValue("recovery", Options.RateRecoveryPerSecond);
        await command.ExecuteNonQueryAsync(ct);
    }
}
