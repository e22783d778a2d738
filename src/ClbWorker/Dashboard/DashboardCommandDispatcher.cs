using ClbWorker.Dashboard.Access;
using Hangfire.Dashboard;

namespace ClbWorker.Dashboard;

/// <summary>
/// An admin action (a form POST carrying Hangfire's antiforgery token, which Hangfire checks first). Viewers are refused
/// with 403 here as well as by <see cref="DashboardAccessFilter"/>. The action returns the dashboard path to show next,
/// and the browser is sent there (303), so reloading that page repeats nothing.
/// </summary>
public sealed class DashboardCommandDispatcher(Func<DashboardContext, long, CancellationToken, Task<string>> run) : IDashboardDispatcher
{
    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (!http.User.IsInRole(DashboardRoles.Admin))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var next = await run(context, DashboardPageLoaders.IdOf(context), http.RequestAborted);
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = new UrlHelper(context).To(next);
    }
}
