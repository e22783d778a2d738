namespace ClbWorker.Dashboard.Access;

/// <summary>A dashboard login that passed its password check: its name and role (one of <see cref="DashboardRoles"/>).</summary>
public sealed record DashboardUser(string Name, string Role)
{
    public bool IsAdmin => Role == DashboardRoles.Admin;
}
