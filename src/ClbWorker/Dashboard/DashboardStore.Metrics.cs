using ClbWorker.Dashboard.Home;
using ClbWorker.Dashboard.RateLimits;
using ClbWorker.Polling;
using ClbWorker.Polling.SendBudget;
using Npgsql;

namespace ClbWorker.Dashboard;

public sealed partial class DashboardStore
{
    internal const string HomeCountsSql = """
        SELECT (SELECT count(*) FROM (SELECT 1 FROM clb.tasks WHERE state = 'pending' LIMIT @limit) p),
               (SELECT count(*) FROM clb.tasks WHERE state = 'succeeded' AND completed_at >= @hourAgo),
               (SELECT count(*) FROM clb.tasks WHERE state IN ('failed', 'invalid', 'timed_out') AND completed_at >= @hourAgo)
        """;

    // The factor recovers linearly after a halving, as clb.reserve_send_slots computes it at its next grant (0004);
    // the stored value is only the one written at the last change. A next_slot_at in the past books nothing ahead.
    private const string RateLimitsSql = """
        SELECT r.account, r.host, r.requests_per_second,
               least(1.0, r.rate_factor + @recovery * greatest(0, extract(epoch FROM @now - r.rate_factor_changed_at))),
               CASE WHEN r.next_slot_at > @now THEN r.next_slot_at END,
               r.granted_total, r.limit_exceeded_total, r.last_limit_exceeded_at
        FROM clb.rate_limits r
        ORDER BY r.account, r.host
        LIMIT @count
        """;

    private const string GrantCountersSql = "SELECT account, host, granted_total, limit_exceeded_total FROM clb.rate_limits";

    /// <summary>
    /// The figures on Hangfire's home page. Synchronous because Hangfire computes dashboard metrics synchronously; one
    /// statement of three index scans.
    /// </summary>
    public HomeCounts GetHomeCounts(DateTimeOffset now)
    {
        using var command = dataSource.CreateCommand(HomeCountsSql);
        command.Parameters.AddWithValue("limit", Limit);
        command.Parameters.AddWithValue("hourAgo", now.AddHours(-1));
        using var reader = command.ExecuteReader();
        reader.Read();
        var pending = reader.GetInt64(0);
        return new HomeCounts(Math.Min(pending, countLimit), pending > countLimit, reader.GetInt64(1), reader.GetInt64(2));
    }

    /// <param name="recoveryPerSecond"><see cref="PollingOptions.RateRecoveryPerSecond"/>, to compute the current factor.</param>
    public async Task<IReadOnlyList<RateLimitRow>> GetRateLimitsAsync(DateTimeOffset now, double recoveryPerSecond, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(RateLimitsSql);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("recovery", recoveryPerSecond);
        command.Parameters.AddWithValue("count", RateLimitLimit);
        return await ListAsync(command, r => new RateLimitRow(
            r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetFieldValue<DateTimeOffset?>(4),
            r.GetInt64(5), r.GetInt64(6), r.GetFieldValue<DateTimeOffset?>(7)), ct);
    }

    /// <summary>The running totals of every rate-limit key, for <see cref="RequestRateSampler"/>.</summary>
    public async Task<IReadOnlyDictionary<RateLimitKey, GrantCounters>> GetGrantCountersAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(GrantCountersSql);
        var rows = await ListAsync(command, r => (new RateLimitKey(r.GetString(0), r.GetString(1)), new GrantCounters(r.GetInt64(2), r.GetInt64(3))), ct);
        return rows.ToDictionary(r => r.Item1, r => r.Item2);
    }
}
