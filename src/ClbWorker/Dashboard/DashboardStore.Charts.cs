using ClbWorker.Dashboard.Charts;
using Npgsql;

namespace ClbWorker.Dashboard;

public sealed partial class DashboardStore
{
    /// <summary>The charts cover this much time, ending now on the database clock.</summary>
    public static readonly TimeSpan ChartSpan = TimeSpan.FromMinutes(15);

    // Fifteen one-minute buckets, the newest being the current (partial) minute; final events only. Served by
    // task_events_final_recorded_idx (0012). The bounds come back with the rows, so a reader can check the figures.
    private const string FinishedSql = """
        WITH bounds AS (
            SELECT date_bin('1 minute', now(), timestamptz '2000-01-01 00:00:00+00') - interval '14 minutes' AS since, now() AS until
        )
        SELECT b.since, b.until, f.minute, f.state, f.finished, f.lag_p50, f.lag_p99, f.lag_count
        FROM bounds b
        LEFT JOIN LATERAL (
            SELECT date_bin('1 minute', e.recorded_at, timestamptz '2000-01-01 00:00:00+00') AS minute, e.state,
                   count(*) AS finished,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY e.detection_lag_seconds) AS lag_p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY e.detection_lag_seconds) AS lag_p99,
                   count(e.detection_lag_seconds) AS lag_count
            FROM clb.task_events e
            WHERE e.type <> 'task.polled' AND e.recorded_at >= b.since AND e.recorded_at < b.until
            GROUP BY GROUPING SETS ((1, 2), (1))
        ) f ON true
        ORDER BY f.minute, f.state
        """;

    // Ninety ten-second buckets of clb.rate_limit_history, the current (partial) one left out.
    private const string RatesSql = """
        WITH bounds AS (
            SELECT date_bin('10 seconds', now(), timestamptz '2000-01-01 00:00:00+00') AS until
        )
        SELECT b.until - interval '15 minutes', b.until, h.account, h.host, h.bucket_start, h.granted, h.limit_exceeded, h.requests_per_second
        FROM bounds b
        LEFT JOIN clb.rate_limit_history h ON h.bucket_start >= b.until - interval '15 minutes' AND h.bucket_start < b.until
        ORDER BY h.account, h.host, h.bucket_start
        """;

    /// <summary>Tasks finished per minute by state, and the detection lag's p50 and p99 per minute, over <see cref="ChartSpan"/>.</summary>
    public async Task<FinishedChart> GetFinishedChartAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(FinishedSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        DateTimeOffset since = default, until = default;
        var finished = new List<FinishedBucket>();
        var lags = new List<LagBucket>();
        while (await reader.ReadAsync(ct))
        {
            (since, until) = (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
            if (reader.IsDBNull(2))
                continue;
            var minute = reader.GetFieldValue<DateTimeOffset>(2);
            if (!reader.IsDBNull(3))
                finished.Add(new FinishedBucket(minute, reader.GetString(3), reader.GetInt64(4)));
            else if (reader.GetInt64(7) > 0)
                lags.Add(new LagBucket(minute, reader.GetDouble(5), reader.GetDouble(6), reader.GetInt64(7)));
        }
        return new FinishedChart(since, until, finished, lags);
    }

    /// <summary>Send slots granted per key and 10-second bucket over <see cref="ChartSpan"/>, with each key's configured rate.</summary>
    public async Task<RateChart> GetRateChartAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(RatesSql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        DateTimeOffset since = default, until = default;
        var buckets = new List<RateBucket>();
        while (await reader.ReadAsync(ct))
        {
            (since, until) = (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1));
            if (!reader.IsDBNull(2))
            {
                buckets.Add(new RateBucket(reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4),
                    reader.GetInt64(5), reader.GetInt64(6), reader.GetDouble(7)));
            }
        }
        return new RateChart(since, until, buckets);
    }
}
