using System.Globalization;

namespace ClbWorker.Dashboard.RateLimits;

/// <summary>"Rate limits": each (account, endpoint host) budget, how much of it the last minute used, and paused accounts.</summary>
public sealed class RateLimitsPage(RateLimitsView view, DateTimeOffset now) : ClbPage("Rate limits")
{
    protected override void Body()
    {
        Notice(view.Total is { } total
            ? $"All workers together: {Count(total.Requests)} requests in the last {Age(total.Span)} ({Rate(total.RequestsPerSecond)}/s), "
                + $"RequestLimitExceeded noted {Count(total.LimitExceeded)} times."
            : "Requests per minute appear once this process has read the shared counters twice (every "
                + $"{RequestRateSampler.Interval.TotalSeconds:0} s).");

        Chart("rates", DashboardPaths.RateChart, "Requests per second per key (send slots granted to all workers, per 10 s) against its configured limit, last 15 minutes");
        ChartsScript();

        TableStart("Account", "Endpoint host", "Configured limit", "Rate now", "Requests, last minute", "Budget used",
            "Booked ahead", "RequestLimitExceeded noted", "Last RequestLimitExceeded");
        foreach (var line in view.Lines)
        {
            var row = line.Row;
            Cells(line.Account, row?.Host, line.ConfiguredPerSecond is { } limit ? $"{Rate(limit)}/s" : "not configured here",
                row is null ? null : $"{Rate(row.RequestsPerSecond * row.RateFactor)}/s ({row.RateFactor * 100:0}%)",
                line.LastMinute is { } window ? $"{Count(window.Requests)} ({Rate(window.RequestsPerSecond)}/s)" : null,
                line.LastMinute is { } used && row is not null ? $"{used.RequestsPerSecond / row.RequestsPerSecond * 100:0}%" : null,
                row?.BookedUntil is { } until ? $"{(until - now).TotalSeconds:0.0} s" : row is null ? null : "none",
                row is null ? null : $"{Count(row.LimitExceededTotal)} in all, {Count(line.LastMinute?.LimitExceeded ?? 0)} last minute",
                row?.LastLimitExceededAt);
        }
        TableEnd();

        Heading("Paused accounts");
        if (view.Pauses.Count == 0)
            Notice("No account is paused.", "success");
        else
        {
            TableStart("Account", "Reason", "Error code", "Error message", "Paused since", "Next probe", "Refusals");
            foreach (var pause in view.Pauses)
                Cells(pause.Account, pause.Reason, pause.ErrorCode, pause.ErrorMessage, pause.PausedAt, pause.RetryAt, pause.Refusals);
            TableEnd();
        }
    }

    private static string Rate(double perSecond) => perSecond.ToString("0.##", CultureInfo.InvariantCulture);
}
