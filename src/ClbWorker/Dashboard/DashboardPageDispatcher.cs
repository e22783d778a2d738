using Hangfire.Dashboard;

namespace ClbWorker.Dashboard;

/// <summary>
/// Serves a ClbWorker page: its data is read asynchronously first, then the page renders inside Hangfire's layout.
/// Hangfire binds a page to its request only in its own page dispatcher (the binding method is internal), so rendering
/// goes through one made for this request.
/// </summary>
public sealed class DashboardPageDispatcher(Func<DashboardContext, CancellationToken, Task<ClbPage>> load) : IDashboardDispatcher
{
    private const string RenderPath = "/";

    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await load(context, context.GetHttpContext().RequestAborted);
        var renderer = new Hangfire.Dashboard.RouteCollection();
        renderer.AddRazorPage(RenderPath, _ => page);
        await renderer.FindDispatcher(RenderPath)!.Item1.Dispatch(context);
    }
}
