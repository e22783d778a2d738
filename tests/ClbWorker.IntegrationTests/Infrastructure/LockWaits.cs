using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>
/// Waits until the server reports a session blocked by a given one: the positive signal that a statement is
/// waiting for a lock, instead of a pause after which it merely has not finished yet.
/// </summary>
internal static class LockWaits
{
    public static Task UntilBlockedByAsync(NpgsqlDataSource dataSource, int blockerPid, string what) =>
        Eventually.ReturnsAsync(async () =>
        {
            // A fresh connection outside any transaction: pg_stat_activity is read once per transaction.
            await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
            return await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE @blockerPid = ANY(pg_blocking_pids(pid))", new { blockerPid });
        }, waiting => waiting > 0, TimeSpan.FromSeconds(10), what);
}
