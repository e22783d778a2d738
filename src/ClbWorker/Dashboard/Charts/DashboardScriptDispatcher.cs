using Hangfire.Dashboard;

namespace ClbWorker.Dashboard.Charts;

/// <summary>
/// Serves the charts' script from this assembly (<c>Dashboard/Charts/charts.js</c>, embedded): the dashboard works offline and
/// loads nothing from elsewhere.
/// </summary>
public sealed class DashboardScriptDispatcher : IDashboardDispatcher
{
    private const string ResourceName = "ClbWorker.Dashboard.charts.js";

    private static readonly Lazy<byte[]> Script = new(() =>
    {
        using var stream = typeof(DashboardScriptDispatcher).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        http.Response.ContentType = "text/javascript; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.Body.WriteAsync(Script.Value, http.RequestAborted);
    }
}
