using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;

namespace ClbWorker.Dashboard.Access;

/// <summary>
/// Who may see the dashboard (Hangfire runs this before every dashboard route, its scripts and styles included), given
/// the user <see cref="DashboardAuthentication.IdentifyAsync"/> found: anyone without one gets 401 with a Basic
/// challenge; viewers may only read, and Hangfire answers their writes with 403 since they carry a login.
/// </summary>
public sealed class DashboardAccessFilter : IDashboardAsyncAuthorizationFilter
{
    /// <summary>Hangfire's live statistics are fetched by POST; it is the one POST that changes nothing.</summary>
    public const string StatisticsPath = "/stats";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (!DashboardAuthentication.IsDashboardUser(http.User))
        {
            await http.ChallengeAsync(DashboardAuthentication.Scheme);
            return false;
        }
        return http.User.IsInRole(DashboardRoles.Admin) || IsRead(http.Request.Method, context.Request.Path);
    }

    private static bool IsRead(string method, string path) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || (HttpMethods.IsPost(method) && path == StatisticsPath);
}
