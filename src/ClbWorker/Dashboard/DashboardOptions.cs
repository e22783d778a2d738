using ClbWorker.Dashboard.Access;

namespace ClbWorker.Dashboard;

/// <summary>The operators' dashboard at <c>/hangfire</c>, section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// Who may log in (HTTP Basic), as a list: <c>Dashboard:Users:0:Name</c>, <c>Dashboard:Users:0:Password</c>, ...
    /// With no user configured the dashboard answers only requests from this machine's loopback addresses.
    /// </summary>
    // Empty rather than pre-filled: the configuration binder appends to an existing list instead of replacing it.
    public IList<DashboardUserOptions> Users { get; } = new List<DashboardUserOptions>();

    /// <summary>
    /// Failed logins from one client address within a minute after which further logins from it that were not already
    /// verified get 429 until the minute ends, without a password check. Default 10.
    /// </summary>
    public int MaxFailedLoginsPerAddress { get; set; } = 10;

    /// <summary>The same for failed logins from all addresses together, which bounds the CPU guessing can take. Default 60.</summary>
    public int MaxFailedLogins { get; set; } = 60;
}
