using System.Globalization;
using ClbWorker.Tasks;
using ClbWorker.Webhooks.Outbox;
using Hangfire.Dashboard;

namespace ClbWorker.Dashboard;

/// <summary>
/// The admins' actions, each returning the dashboard path to show next with its <see cref="ActionResults"/> code. Every
/// change is logged with the user who made it.
/// </summary>
public static class DashboardActions
{
    public static async Task<string> CancelAsync(DashboardContext context, long id, CancellationToken ct)
    {
        var (services, _) = DashboardPageLoaders.Of(context);
        var change = await services.GetRequiredService<TaskStore>().CancelAsync(id, ct);
        return Logged(context, change, id, "cancelled", ActionResults.Cancelled);
    }

    public static async Task<string> PollNowAsync(DashboardContext context, long id, CancellationToken ct)
    {
        var (services, _) = DashboardPageLoaders.Of(context);
        var change = await services.GetRequiredService<TaskStore>().PollNowAsync(id, ct);
        return Logged(context, change, id, "made due now", ActionResults.Polled);
    }

    public static async Task<string> RedeliverAsync(DashboardContext context, long deliveryId, CancellationToken ct)
    {
        var (services, _) = DashboardPageLoaders.Of(context);
        var found = await services.GetRequiredService<DeliveryStore>().RedeliverAsync(deliveryId, ct);
        var task = (await context.Request.GetFormValuesAsync(ActionResults.TaskField)).FirstOrDefault();
        var back = long.TryParse(task, NumberStyles.None, CultureInfo.InvariantCulture, out var taskId)
            ? DashboardPaths.Task(taskId) : DashboardPaths.Webhooks;
        if (found)
            Logger(context).LogInformation("Dashboard user {User} queued webhook delivery {DeliveryId} to be sent again", UserOf(context), deliveryId);
        return With(back, found ? ActionResults.Redelivered : ActionResults.NotFound);
    }

    private static string Logged(DashboardContext context, TaskChange change, long id, string what, string done)
    {
        if (change.NotFound)
            return With(DashboardPaths.Tasks, ActionResults.NotFound);
        if (!change.Changed)
            return With(DashboardPaths.Task(id), ActionResults.AlreadyFinal);
        Logger(context).LogInformation("Dashboard user {User} {Action} task {TaskRowId} ({TaskId})", UserOf(context), what, id, change.Task!.TaskId);
        return With(DashboardPaths.Task(id), done);
    }

    private static string With(string path, string code) => $"{path}?{ActionResults.QueryKey}={code}";

    private static string? UserOf(DashboardContext context) => context.GetHttpContext().User.Identity?.Name;

    private static ILogger Logger(DashboardContext context) =>
        context.GetHttpContext().RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardActions).FullName!);
}
