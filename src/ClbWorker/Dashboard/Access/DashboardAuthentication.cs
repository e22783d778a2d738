using System.Net;
using System.Security.Claims;
using ClbWorker.Webhooks.Security;
using idunno.Authentication.Basic;
using Microsoft.AspNetCore.Authentication;

namespace ClbWorker.Dashboard.Access;

/// <summary>
/// HTTP Basic authentication for the dashboard, as a named scheme that only the dashboard's filter asks for: it is never
/// a default scheme, so <c>/api</c> keeps accepting API keys only.
/// </summary>
public static class DashboardAuthentication
{
    public const string Scheme = "DashboardBasic";
    public const string Realm = "ClbWorker";

    /// <summary>The identity of a request let in without a login (no users configured, loopback address).</summary>
    public const string LoopbackAuthenticationType = "Loopback";

    // Set by the credential check when the login throttle refused the request, to how long it stays refused.
    private static readonly object RefusedForKey = new();

    public static AuthenticationBuilder AddDashboardBasic(this AuthenticationBuilder authentication) =>
        authentication.AddBasic(Scheme, options =>
        {
            options.Realm = Realm;
            // Plain HTTP is how the dev run and a container behind a TLS-terminating proxy are reached; docs/operations.md says
            // to put HTTPS in front of a dashboard reached over a network, since Basic sends the password each time.
            options.AllowInsecureProtocol = true;
            options.Events = new BasicAuthenticationEvents { OnValidateCredentials = ValidateAsync };
        });

    /// <summary>
    /// Middleware in front of the dashboard: makes <see cref="HttpContext.User"/> the dashboard user of the request (a valid
    /// Basic login; with no users configured, a loopback request as admin) or anonymous, whatever another scheme said.
    /// It only identifies; <see cref="DashboardAccessFilter"/> decides. Hangfire ties its antiforgery tokens to this user,
    /// and makes them before its filters run, so the user has to be known by then.
    /// </summary>
    public static async Task IdentifyAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        ClaimsPrincipal user = new(new ClaimsIdentity());
        if (http.RequestServices.GetRequiredService<DashboardUsers>().All.Count == 0)
        {
            // Everyone let in without a login is an admin: only someone on this machine can be.
            if (IsLoopback(http.Connection.RemoteIpAddress))
                user = Principal("local", DashboardRoles.Admin, LoopbackAuthenticationType);
        }
        else if (await http.AuthenticateAsync(Scheme) is { Succeeded: true } result)
            user = result.Principal;
        if (http.Items[RefusedForKey] is TimeSpan wait)
        {
            await RefuseAsync(http, wait);
            return;
        }
        http.User = user;
        await next(http);
    }

    private static async Task RefuseAsync(HttpContext http, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync($"Too many failed dashboard logins; try again in {seconds} s.");
    }

    /// <summary>True for a dashboard user <see cref="IdentifyAsync"/> established, never for another scheme's.</summary>
    public static bool IsDashboardUser(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: Scheme or LoopbackAuthenticationType };

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(SsrfAddressPolicy.Normalize(address));

    private static Task ValidateAsync(ValidateCredentialsContext context)
    {
        var http = context.HttpContext;
        var users = http.RequestServices.GetRequiredService<DashboardUsers>();
        var throttle = http.RequestServices.GetRequiredService<DashboardLoginThrottle>();
        var address = http.Connection.RemoteIpAddress;
        DashboardUser? user;
        if (throttle.Refusal(address) is { } refusal)
        {
            // Past its own limit an address gets no answer on any password; past everyone's, a login it verified
            // lately still passes (that check costs no PBKDF2 and can only match a pair it already proved).
            user = refusal.ThisAddress ? null : users.Remembered(context.Username, context.Password, address);
            if (user is null)
            {
                http.Items[RefusedForKey] = refusal.Wait;
                context.Fail("Too many failed dashboard logins.");
                return Task.CompletedTask;
            }
        }
        else if ((user = users.Verify(context.Username, context.Password, address)) is null)
        {
            if (throttle.Failed(address) is { } limit)
            {
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardAuthentication)).LogWarning(
                    "Dashboard logins refused for the rest of the minute: the {Limit} limit of failed logins was reached, the last from {Address}",
                    limit, address);
            }
            context.Fail("The dashboard name or password is wrong.");
            return Task.CompletedTask;
        }
        context.Principal = Principal(user.Name, user.Role, context.Scheme.Name);
        context.Success();
        return Task.CompletedTask;
    }

    private static ClaimsPrincipal Principal(string name, string role, string authenticationType) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], authenticationType));
}
