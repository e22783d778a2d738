using Npgsql;

namespace ClbWorker.Dashboard;

/// <summary>
/// Every query the dashboard runs; nothing here writes. Each is an index range scan or bounded by a LIMIT, so a page
/// costs the same on a million rows as on a thousand: counts stop at <see cref="CountLimit"/> and lists at a few dozen rows.
/// </summary>
public sealed partial class DashboardStore(NpgsqlDataSource dataSource, int countLimit = DashboardStore.CountLimit)
{
    /// <summary>
    /// Counts stop here and show as "100,000+": past it an exact count reads every row of the state, and the number
    /// would tell an operator nothing the capped one does not.
    /// </summary>
    public const int CountLimit = 100_000;

    /// <summary>How many rows each list shows (recent problems, attempts, failed deliveries, search results).</summary>
    public const int ListLimit = 50;

    /// <summary>Endpoints listed at most; there are normally a handful.</summary>
    public const int EndpointLimit = 200;

    /// <summary>Rate-limit keys listed at most; one per (account, endpoint host).</summary>
    public const int RateLimitLimit = 1000;

    private long Limit => countLimit + 1L;

    private StateCount Capped(string state, long counted, long? lastHour = null) =>
        counted > countLimit ? new StateCount(state, countLimit, true, lastHour) : new StateCount(state, counted, false, lastHour);

    private static async Task<List<T>> ListAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct))
            rows.Add(read(reader));
        return rows;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
