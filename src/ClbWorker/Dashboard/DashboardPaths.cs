using System.Globalization;

namespace ClbWorker.Dashboard;

/// <summary>Where the dashboard and its ClbWorker pages live; page paths are relative to <see cref="Root"/>.</summary>
public static class DashboardPaths
{
    public const string Root = "/hangfire";

    public const string Tasks = "/clb/tasks";
    public const string RateLimits = "/clb/rate-limits";
    public const string Webhooks = "/clb/webhooks";
    public const string ChartsScript = "/clb/charts\\.js";
    public const string ChartsScriptUrl = "/clb/charts.js";
    public const string FinishedChart = "/clb/charts/finished";
    public const string RateChart = "/clb/charts/rates";

    // Hangfire matches a route's regular expression against the whole path.
    public const string TaskPattern = "/clb/tasks/(?<id>[0-9]{1,18})";
    public const string CancelPattern = TaskPattern + "/cancel";
    public const string PollPattern = TaskPattern + "/poll";
    public const string RedeliverPattern = "/clb/deliveries/(?<id>[0-9]{1,18})/redeliver";

    public static string Task(long id) => $"{Tasks}/{id.ToString(CultureInfo.InvariantCulture)}";

    public static string Cancel(long id) => Task(id) + "/cancel";

    public static string Poll(long id) => Task(id) + "/poll";

    public static string Redeliver(long deliveryId) => $"/clb/deliveries/{deliveryId.ToString(CultureInfo.InvariantCulture)}/redeliver";
}
