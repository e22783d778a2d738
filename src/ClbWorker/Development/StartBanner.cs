using System.Text;
using ClbWorker.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClbWorker.Development;

/// <summary>
/// The dev run's banner: where the API, its reference page, the dashboard and the simulator are, and the API key
/// made up for the run. It goes to the console, not to the log: the key is a secret and logs never hold secrets.
/// </summary>
internal sealed class StartBanner(IHostApplicationLifetime lifetime, IServer server, IEnumerable<StartBannerLine> lines) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => Console.Out.Write(Render()));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Render()
    {
        var self = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/') ?? "";
        var ordered = lines.OrderBy(l => l.Order).ToList();
        var width = ordered.Count == 0 ? 0 : ordered.Max(l => l.Label.Length) + 1;
        var text = new StringBuilder().AppendLine().AppendLine("ClbWorker dev run is ready:");
        foreach (var line in ordered)
        {
            var where = line.Where.StartsWith('/') ? self + line.Where : line.Where;
            text.Append("  ").Append((line.Label + ":").PadRight(width)).Append(' ').Append(where);
            if (line.Note is not null)
                text.Append("  (").Append(line.Note).Append(')');
            text.AppendLine();
        }
        return text.AppendLine().ToString();
    }
}
