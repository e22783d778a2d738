using System.Security.Claims;
using idunno.Authentication.Basic;
using Microsoft.AspNetCore.Authentication;

namespace ClbWorker.Dashboard;

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

    public static AuthenticationBuilder AddDashboardBasic(this AuthenticationBuilder authentication) =>
        authentication.AddBasic(Scheme, options =>
        {
            options.Realm = Realm;
            // Plain HTTP is how the dev run and a container behind a TLS-terminating proxy are reached; the README says
            // to put HTTPS in front of a dashboard reached over a network, since Basic sends the password each time.
            options.AllowInsecureProtocol = true;
            options.Events = new BasicAuthenticationEvents { OnValidateCredentials = ValidateAsync };
        });

    /// <summary>Everyone let in without a login is an admin: only someone on this machine can be.</summary>
    public static ClaimsPrincipal LoopbackAdmin() => Principal("local", DashboardRoles.Admin, LoopbackAuthenticationType);

    private static Task ValidateAsync(ValidateCredentialsContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<DashboardUsers>();
        if (users.Verify(context.Username, context.Password) is { } user)
        {
            context.Principal = Principal(user.Name, user.Role, context.Scheme.Name);
            context.Success();
        }
        else
            context.Fail("The dashboard name or password is wrong.");
        return Task.CompletedTask;
    }

    private static ClaimsPrincipal Principal(string name, string role, string authenticationType) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], authenticationType));
}
