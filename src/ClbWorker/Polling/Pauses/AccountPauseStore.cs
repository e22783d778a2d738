using ClbWorker.Polling.Decisions;
using Npgsql;
using NpgsqlTypes;

namespace ClbWorker.Polling.Pauses;

/// <summary>
/// Accounts paused because Tencent Cloud refused them; shared by every worker and read by health checks. Times are
/// compared on the database's clock (<c>@now</c> is set only by tests).
/// </summary>
public sealed class AccountPauseStore(NpgsqlDataSource dataSource)
{
    private const string ListSql = """
        SELECT account, reason, error_code, error_message, paused_at, retry_at, refusals,
               retry_at <= coalesce(@now::timestamptz, now()) AS probe_due
        FROM clb.account_pauses ORDER BY account
        """;

    // A pause is created, or extended once its retry time has passed (a refused probe). Several refusals
    // arriving together extend it once, so the log says it once per interval.
    private const string PauseSql = """
        INSERT INTO clb.account_pauses AS p (account, reason, error_code, error_message, paused_at, retry_at)
        VALUES (@account, @reason, @code, @message, coalesce(@now::timestamptz, now()), coalesce(@now::timestamptz, now()) + @retry)
        ON CONFLICT (account) DO UPDATE
        SET reason = EXCLUDED.reason, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
            retry_at = EXCLUDED.retry_at, refusals = p.refusals + 1
        WHERE p.retry_at <= coalesce(@now::timestamptz, now())
        RETURNING p.refusals
        """;

    // Only a pause whose retry time has passed ends: an answer to a request sent before the pause began
    // says nothing about the credentials now.
    private const string ResumeSql = """
        DELETE FROM clb.account_pauses WHERE account = ANY(@accounts) AND retry_at <= coalesce(@now::timestamptz, now()) RETURNING account
        """;

    public async Task<IReadOnlyList<AccountPause>> ListAsync(CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        command.Parameters.Add(Now(now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pauses = new List<AccountPause>();
        while (await reader.ReadAsync(ct))
        {
            pauses.Add(new AccountPause(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6), reader.GetBoolean(7)));
        }
        return pauses;
    }

    /// <summary>Pauses the account for <paramref name="retry"/>, inside the caller's transaction.</summary>
    /// <returns>The refusal count when the pause was created or extended now; null when it was already in force.</returns>
    public static async Task<int?> PauseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AccountPauseRequest request,
        TimeSpan retry, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = new NpgsqlCommand(PauseSql, connection, transaction);
        command.Parameters.AddWithValue("account", request.Account);
        command.Parameters.AddWithValue("reason", request.Reason);
        command.Parameters.AddWithValue("code", request.ErrorCode);
        command.Parameters.AddWithValue("message", request.ErrorMessage);
        command.Parameters.AddWithValue("retry", retry);
        command.Parameters.Add(Now(now));
        return await command.ExecuteScalarAsync(ct) as int?;
    }

    /// <summary>Ends the pauses of <paramref name="accounts"/> whose retry time has passed, inside the caller's transaction.</summary>
    /// <returns>The accounts whose pause ended.</returns>
    public static async Task<IReadOnlyList<string>> ResumeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyCollection<string> accounts, CancellationToken ct, DateTimeOffset? now = null)
    {
        await using var command = new NpgsqlCommand(ResumeSql, connection, transaction);
        command.Parameters.AddWithValue("accounts", accounts.ToArray());
        command.Parameters.Add(Now(now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var resumed = new List<string>();
        while (await reader.ReadAsync(ct))
            resumed.Add(reader.GetString(0));
        return resumed;
    }

    private static NpgsqlParameter<DateTimeOffset?> Now(DateTimeOffset? now) =>
        new("now", NpgsqlDbType.TimestampTz) { TypedValue = now };
}
