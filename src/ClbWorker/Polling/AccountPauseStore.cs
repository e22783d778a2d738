using Npgsql;

namespace ClbWorker.Polling;

/// <summary>Accounts paused because Tencent Cloud refused them; shared by every worker and read by health checks.</summary>
public sealed class AccountPauseStore(NpgsqlDataSource dataSource)
{
    private const string ListSql = """
        SELECT account, reason, error_code, error_message, paused_at, retry_at, refusals
        FROM clb.account_pauses ORDER BY account
        """;

    // A pause is created, or extended once its retry time has passed (a refused probe). Several refusals
    // arriving together extend it once, so the log says it once per interval.
    private const string PauseSql = """
        INSERT INTO clb.account_pauses AS p (account, reason, error_code, error_message, paused_at, retry_at)
        VALUES (@account, @reason, @code, @message, @now, @retryAt)
        ON CONFLICT (account) DO UPDATE
        SET reason = EXCLUDED.reason, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
            retry_at = EXCLUDED.retry_at, refusals = p.refusals + 1
        WHERE p.retry_at <= @now
        RETURNING p.refusals
        """;

    // Only a pause whose retry time has passed ends: an answer to a request sent before the pause began
    // says nothing about the credentials now.
    private const string ResumeSql = """
        DELETE FROM clb.account_pauses WHERE account = ANY(@accounts) AND retry_at <= @now RETURNING account
        """;

    public async Task<IReadOnlyList<AccountPause>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ListSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pauses = new List<AccountPause>();
        while (await reader.ReadAsync(ct))
        {
            pauses.Add(new AccountPause(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6)));
        }
        return pauses;
    }

    /// <returns>The refusal count when the pause was created or extended now; null when it was already in force.</returns>
    public async Task<int?> PauseAsync(AccountPauseRequest request, DateTimeOffset now, DateTimeOffset retryAt, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PauseSql);
        command.Parameters.AddWithValue("account", request.Account);
        command.Parameters.AddWithValue("reason", request.Reason);
        command.Parameters.AddWithValue("code", request.ErrorCode);
        command.Parameters.AddWithValue("message", request.ErrorMessage);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("retryAt", retryAt);
        return await command.ExecuteScalarAsync(ct) as int?;
    }

    /// <returns>The accounts whose pause ended.</returns>
    public async Task<IReadOnlyList<string>> ResumeAsync(IReadOnlyCollection<string> accounts, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ResumeSql);
        command.Parameters.AddWithValue("accounts", accounts.ToArray());
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var resumed = new List<string>();
        while (await reader.ReadAsync(ct))
            resumed.Add(reader.GetString(0));
        return resumed;
    }
}
