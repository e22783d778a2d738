using System.Net;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;

namespace ClbWorker.Dashboard;

/// <summary>
/// Who may see the dashboard (Hangfire runs this before every dashboard route, its scripts and styles included).
/// With users configured: a valid HTTP Basic login; viewers may only read. With none: requests from a loopback address,
/// as an admin. A refusal without a valid login is 401 with a Basic challenge; a viewer's write is 403 (Hangfire answers
/// 403 when the refused request carries a login).
/// </summary>
public sealed class DashboardAccessFilter : IDashboardAsyncAuthorizationFilter
{
    /// <summary>Hangfire's live statistics are fetched by POST; it is the one POST that changes nothing.</summary>
    public const string StatisticsPath = "/stats";

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        if (http.RequestServices.GetRequiredService<DashboardUsers>().All.Count == 0)
        {
            if (IsLoopback(http.Connection.RemoteIpAddress))
            {
                http.User = DashboardAuthentication.LoopbackAdmin();
                return true;
            }
            await http.ChallengeAsync(DashboardAuthentication.Scheme);
            return false;
        }

        var result = await http.AuthenticateAsync(DashboardAuthentication.Scheme);
        if (!result.Succeeded)
        {
            await http.ChallengeAsync(DashboardAuthentication.Scheme);
            return false;
        }
        http.User = result.Principal;
        return http.User.IsInRole(DashboardRoles.Admin) || IsRead(http.Request.Method, context.Request.Path);
    }

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static bool IsRead(string method, string path) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || (HttpMethods.IsPost(method) && path == StatisticsPath);
}
