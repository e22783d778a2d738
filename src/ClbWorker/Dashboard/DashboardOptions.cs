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
}
