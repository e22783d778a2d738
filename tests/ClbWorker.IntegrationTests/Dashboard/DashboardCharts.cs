using System.Globalization;
using Dapper;
using Microsoft.Playwright;
using Npgsql;

namespace ClbWorker.IntegrationTests.Dashboard;

/// <summary>
/// Reads what the dashboard's charts drew (charts.js keeps each series' figures in data-values and the time span in
/// data-since and data-until) and checks it against the database for the same span.
/// </summary>
internal static class DashboardCharts
{
    private static readonly string[] States = ["succeeded", "failed", "invalid", "timed_out", "cancelled"];

    /// <summary>The chart's series: figures by bucket, null where it drew none.</summary>
    public static async Task<(DateTimeOffset Since, DateTimeOffset Until, Dictionary<string, double?[]> Series)> ReadAsync(IPage page, string kind)
    {
        var chart = page.Locator($".clb-chart[data-chart='{kind}']");
        await Assertions.Expect(chart.Locator("g.clb-series").First).ToBeAttachedAsync();
        var since = DateTimeOffset.Parse((await chart.GetAttributeAsync("data-since"))!, CultureInfo.InvariantCulture);
        var until = DateTimeOffset.Parse((await chart.GetAttributeAsync("data-until"))!, CultureInfo.InvariantCulture);
        var series = new Dictionary<string, double?[]>();
        foreach (var group in await chart.Locator("g.clb-series").AllAsync())
        {
            var values = (await group.GetAttributeAsync("data-values"))!.Split(',')
                .Select(v => v.Length == 0 ? (double?)null : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            series[(await group.GetAttributeAsync("data-series"))!] = values;
        }
        return (since, until, series);
    }

    /// <summary>The finished chart equals the final events per minute and state; the lag chart their percentiles.</summary>
    public static async Task CheckTasksAsync(IPage page, string connectionString)
    {
        var (since, until, finished) = await ReadAsync(page, "finished");
        var (_, _, lag) = await ReadAsync(page, "lag");
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = (await connection.QueryAsync<(DateTime Minute, string State, long Count)>("""
            SELECT date_bin('1 minute', recorded_at, timestamptz '2000-01-01 00:00:00+00'), state, count(*)
            FROM clb.task_events WHERE type <> 'task.polled' AND recorded_at >= @since AND recorded_at < @until GROUP BY 1, 2
            """, new { since, until })).ToList();
        var lags = (await connection.QueryAsync<(DateTime Minute, double P50, double P99)>("""
            SELECT date_bin('1 minute', recorded_at, timestamptz '2000-01-01 00:00:00+00'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY detection_lag_seconds), percentile_cont(0.99) WITHIN GROUP (ORDER BY detection_lag_seconds)
            FROM clb.task_events
            WHERE type <> 'task.polled' AND recorded_at >= @since AND recorded_at < @until AND detection_lag_seconds IS NOT NULL GROUP BY 1
            """, new { since, until })).ToList();
        var minutes = Buckets(since, until, TimeSpan.FromMinutes(1));
        Assert.Equal(15, minutes.Count);
        foreach (var state in States)
        {
            var expected = minutes.Select(m => (double?)rows.Where(r => r.State == state && Same(r.Minute, m)).Sum(r => r.Count)).ToArray();
            Assert.Equal(expected, finished[state]);
        }
        var lagOf = lags.ToDictionary(l => new DateTimeOffset(DateTime.SpecifyKind(l.Minute, DateTimeKind.Utc)));
        Assert.Equal(minutes.Select(m => lagOf.TryGetValue(m, out var l) ? Math.Round(l.P50, 3) : (double?)null).ToArray(), lag["p50"]);
        Assert.Equal(minutes.Select(m => lagOf.TryGetValue(m, out var l) ? Math.Round(l.P99, 3) : (double?)null).ToArray(), lag["p99"]);
        Assert.True(finished["succeeded"].Sum() > 0 && finished["failed"].Sum() > 0 && lag["p99"].Any(v => v is not null),
            "the charts show the run's tasks");
    }

    /// <summary>The key's line is its granted slots per 10 s (as requests per second), its dashed line the configured limit.</summary>
    public static async Task CheckRatesAsync(IPage page, string connectionString, string host, double limit)
    {
        var (since, until, series) = await ReadAsync(page, "rates");
        await using var connection = new NpgsqlConnection(connectionString);
        var rows = (await connection.QueryAsync<(DateTime Start, long Granted)>("""
            SELECT bucket_start, granted FROM clb.rate_limit_history
            WHERE account = 'default' AND host = @host AND bucket_start >= @since AND bucket_start < @until
            """, new { host, since, until })).ToList();
        var buckets = Buckets(since, until, TimeSpan.FromSeconds(10));
        Assert.Equal(90, buckets.Count);
        var key = $"default @ {host}";
        Assert.Equal(buckets.Select(b => (double?)Math.Round(rows.Where(r => Same(r.Start, b)).Sum(r => r.Granted) / 10.0, 2)).ToArray(), series[key]);
        Assert.All(series[key + " limit"], v => Assert.Equal(limit, v));
        Assert.True(series[key].Sum() > 0, "the chart shows the run's requests");
    }

    private static List<DateTimeOffset> Buckets(DateTimeOffset since, DateTimeOffset until, TimeSpan step)
    {
        var buckets = new List<DateTimeOffset>();
        for (var at = since; at < until; at += step)
            buckets.Add(at);
        return buckets;
    }

    private static bool Same(DateTime utc, DateTimeOffset at) => DateTime.SpecifyKind(utc, DateTimeKind.Utc) == at.UtcDateTime;
}
