using ClbWorker.Dashboard.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClbWorker.Dashboard;

/// <summary>Logs where the dashboard is and who may log in, once the server listens. Names and counts only, never passwords.</summary>
public sealed class DashboardStartLog(IHostApplicationLifetime lifetime, IServer server, DashboardUsers users, ILogger<DashboardStartLog> logger)
    : IHostedService
{
    public const string LoopbackOnly = "no users configured: loopback requests only";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => logger.LogInformation("Dashboard: {Url} ({Access})", Url(), Access()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Url() =>
        (server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "") + DashboardPaths.Root;

    public string Access()
    {
        if (users.All.Count == 0)
            return LoopbackOnly;
        var admins = users.All.Count(u => u.IsAdmin);
        return $"{users.All.Count} users: {admins} admin, {users.All.Count - admins} viewer";
    }
}
