using ClbWorker.Dashboard.Charts;
using ClbWorker.Dashboard.Home;
using Hangfire;
using Hangfire.Dashboard;

namespace ClbWorker.Dashboard;

/// <summary>
/// Adds ClbWorker's pages, actions, menu entries and home-page metrics to Hangfire's dashboard. Hangfire keeps these in
/// process-wide lists, so they are added once per process however many applications map the dashboard (tests host
/// several); every page, action and metric finds its services through its request, so each serves its own application.
/// </summary>
public static class DashboardRegistration
{
    private static readonly Lazy<bool> Registered = new(Register);

    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        var routes = DashboardRoutes.Routes;
        routes.Add(DashboardPaths.Tasks, new DashboardPageDispatcher(DashboardPageLoaders.TasksAsync));
        routes.Add(DashboardPaths.TaskPattern, new DashboardPageDispatcher(DashboardPageLoaders.TaskAsync));
        routes.Add(DashboardPaths.CancelPattern, new DashboardCommandDispatcher(DashboardActions.CancelAsync));
        routes.Add(DashboardPaths.PollPattern, new DashboardCommandDispatcher(DashboardActions.PollNowAsync));
        routes.Add(DashboardPaths.RedeliverPattern, new DashboardCommandDispatcher(DashboardActions.RedeliverAsync));
        routes.Add(DashboardPaths.RateLimits, new DashboardPageDispatcher(DashboardPageLoaders.RateLimitsAsync));
        routes.Add(DashboardPaths.Webhooks, new DashboardPageDispatcher(DashboardPageLoaders.WebhooksAsync));
        routes.Add(DashboardPaths.ChartsScript, new DashboardScriptDispatcher());
        routes.Add(DashboardPaths.FinishedChart, new DashboardChartsDispatcher(async (store, ct) => await store.GetFinishedChartAsync(ct)));
        routes.Add(DashboardPaths.RateChart, new DashboardChartsDispatcher(async (store, ct) => await store.GetRateChartAsync(ct)));

        NavigationMenu.Items.Add(page => MenuItem(page, "CLB tasks", DashboardPaths.Tasks, ClbDashboardMetrics.Pending));
        NavigationMenu.Items.Add(page => MenuItem(page, "Rate limits", DashboardPaths.RateLimits, null));
        NavigationMenu.Items.Add(page => MenuItem(page, "Webhooks", DashboardPaths.Webhooks, null));

        GlobalConfiguration.Configuration.UseDashboardMetrics([.. ClbDashboardMetrics.All]);
        return true;
    }

    private static MenuItem MenuItem(RazorPage page, string text, string path, DashboardMetric? metric) =>
        new(text, page.Url.To(path)) { Active = page.RequestPath.StartsWith(path, StringComparison.Ordinal), Metric = metric };
}
