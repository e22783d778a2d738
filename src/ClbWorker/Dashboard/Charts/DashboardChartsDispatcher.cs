using System.Text.Json;
using Hangfire.Dashboard;

namespace ClbWorker.Dashboard.Charts;

/// <summary>
/// The JSON the charts draw from, read fresh on every request (the pages' script asks every 10 s): behind the dashboard's
/// own access check like every dashboard route, and never cached.
/// </summary>
public sealed class DashboardChartsDispatcher(Func<DashboardStore, CancellationToken, Task<object>> read) : IDashboardDispatcher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Dispatch(DashboardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        var data = await read(http.RequestServices.GetRequiredService<DashboardStore>(), http.RequestAborted);
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(http.Response.Body, data, data.GetType(), Json, http.RequestAborted);
    }
}
