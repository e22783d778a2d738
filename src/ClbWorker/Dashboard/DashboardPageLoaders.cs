using ClbWorker.Dashboard.RateLimits;
using ClbWorker.Dashboard.Tasks;
using ClbWorker.Dashboard.Webhooks;
using ClbWorker.Polling;
using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tasks;
using ClbWorker.Tencent;
using ClbWorker.Webhooks.Outbox;
using Hangfire.Dashboard;
using Microsoft.Extensions.Options;

namespace ClbWorker.Dashboard;

/// <summary>Reads what each ClbWorker page shows, with the services of the request's own application.</summary>
public static class DashboardPageLoaders
{
    public const string TaskIdQuery = "taskId";

    public static async Task<ClbPage> TasksAsync(DashboardContext context, CancellationToken ct)
    {
        var (services, now) = Of(context);
        var store = services.GetRequiredService<DashboardStore>();
        var search = context.Request.GetQuery(TaskIdQuery)?.Trim();
        IReadOnlyList<TaskRecord>? found = string.IsNullOrEmpty(search) ? null
            // Text that is no valid TaskId matches nothing and is not sent to the database.
            : !TaskIdRule.IsValid(search) ? [] : await store.FindByTaskIdAsync(search, ct);
        return new TasksPage(await store.GetTaskOverviewAsync(now, ct), search, found, now);
    }

    public static async Task<ClbPage> TaskAsync(DashboardContext context, CancellationToken ct)
    {
        var (services, _) = Of(context);
        var id = IdOf(context);
        var task = await services.GetRequiredService<TaskStore>().GetAsync(id, ct);
        var deliveries = task is null ? []
            : await services.GetRequiredService<DeliveryLogStore>().ListDeliveriesAsync(id, null, null, DashboardStore.ListLimit, null, ct);
        return new TaskPage(id, task, deliveries, context.Request.GetQuery(ActionResults.QueryKey));
    }

    public static async Task<ClbPage> RateLimitsAsync(DashboardContext context, CancellationToken ct)
    {
        var (services, now) = Of(context);
        var recovery = services.GetRequiredService<IOptions<PollingOptions>>().Value.RateRecoveryPerSecond;
        var rows = await services.GetRequiredService<DashboardStore>().GetRateLimitsAsync(now, recovery, ct);
        var pauses = await services.GetRequiredService<AccountPauseStore>().ListAsync(ct);
        var accounts = services.GetRequiredService<TencentAccounts>();
        var sampler = services.GetRequiredService<RequestRateSampler>();

        var lines = rows.Select(r => new RateLimitLine(r.Account, Configured(accounts, r.Account), r,
                sampler.LastMinute(new RateLimitKey(r.Account, r.Host))))
            .Concat(accounts.All.Where(a => !rows.Any(r => string.Equals(r.Account, a.Name, StringComparison.OrdinalIgnoreCase)))
                .Select(a => new RateLimitLine(a.Name, a.RequestsPerSecond, null, null)))
            .OrderBy(l => l.Account, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Row?.Host, StringComparer.Ordinal)
            .ToList();
        return new RateLimitsPage(new RateLimitsView(lines, pauses, sampler.LastMinuteTotal()), now);
    }

    public static async Task<ClbPage> WebhooksAsync(DashboardContext context, CancellationToken ct)
    {
        var (services, now) = Of(context);
        var overview = await services.GetRequiredService<DashboardStore>().GetWebhooksOverviewAsync(ct);
        var failed = await services.GetRequiredService<DeliveryLogStore>()
            .ListDeliveriesAsync(null, null, DeliveryStates.Failed, DashboardStore.ListLimit, null, ct);
        return new WebhooksPage(overview with { RecentFailed = failed }, context.Request.GetQuery(ActionResults.QueryKey), now);
    }

    public static long IdOf(DashboardContext context) =>
        long.Parse(context.UriMatch.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The request's services, and the time now by their clock.</summary>
    internal static (IServiceProvider Services, DateTimeOffset Now) Of(DashboardContext context)
    {
        var services = context.GetHttpContext().RequestServices;
        return (services, services.GetRequiredService<TimeProvider>().GetUtcNow());
    }

    private static double? Configured(TencentAccounts accounts, string account) =>
        accounts.TryGet(account, out var configured) ? configured.RequestsPerSecond : null;
}
