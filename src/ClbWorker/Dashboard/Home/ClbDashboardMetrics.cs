using System.Globalization;
using ClbWorker.Dashboard.RateLimits;
using Hangfire.Dashboard;

namespace ClbWorker.Dashboard.Home;

/// <summary>
/// ClbWorker's figures on Hangfire's home page (and in its live statistics poll). Hangfire asks for each metric
/// synchronously; the task counts are read once per request, in one statement, and shared by the metrics of that request.
/// </summary>
public static class ClbDashboardMetrics
{
    private const string CountsKey = "ClbWorker.Dashboard.HomeCounts";

    public static DashboardMetric Pending { get; } = new("clb:pending", "Pending CLB tasks", page =>
    {
        var counts = CountsOf(page);
        return new Metric(ClbPage.Count(counts.Pending, counts.PendingAtLeast)) { IntValue = counts.Pending, Style = MetricStyle.Info };
    });

    public static DashboardMetric PolledLastMinute { get; } = new("clb:polled-last-minute", "Polled in the last minute", page =>
    {
        var window = Services(page).GetRequiredService<RequestRateSampler>().LastMinuteTotal();
        return window is null
            ? new Metric("…") { Title = "measuring: the shared counters are read every 5 s" }
            : new Metric(ClbPage.Count(window.Requests)) { IntValue = window.Requests, Style = MetricStyle.Default };
    });

    public static DashboardMetric SucceededLastHour { get; } = new("clb:succeeded-last-hour", "Succeeded in the last hour", page =>
    {
        var succeeded = CountsOf(page).SucceededLastHour;
        return new Metric(ClbPage.Count(succeeded)) { IntValue = succeeded, Style = MetricStyle.Success };
    });

    public static DashboardMetric FailedLastHour { get; } = new("clb:failed-last-hour", "Failed in the last hour", page =>
    {
        var failed = CountsOf(page).FailedLastHour;
        return new Metric(ClbPage.Count(failed))
        {
            IntValue = failed, Style = failed > 0 ? MetricStyle.Danger : MetricStyle.Default, Highlighted = failed > 0,
            Title = "failed, invalid or timed out",
        };
    });

    public static IReadOnlyList<DashboardMetric> All { get; } = [Pending, PolledLastMinute, SucceededLastHour, FailedLastHour];

    private static HomeCounts CountsOf(RazorPage page)
    {
        var http = page.Context.GetHttpContext();
        if (http.Items[CountsKey] is not HomeCounts counts)
        {
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            http.Items[CountsKey] = counts = http.RequestServices.GetRequiredService<DashboardStore>().GetHomeCounts(now);
        }
        return counts;
    }

    private static IServiceProvider Services(RazorPage page) => page.Context.GetHttpContext().RequestServices;
}
