using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClbWorker.Observability;

/// <summary>
/// The body of <c>/readyz</c>: the overall status and each check's status, description and duration. Exceptions
/// and check data are left out: a description is written for operators, an exception's details are for the log.
/// </summary>
internal static class ReadinessResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(Render(report), context.RequestAborted);
    }

    public static string Render(HealthReport report) => JsonSerializer.Serialize(new
    {
        status = report.Status.ToString(),
        durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
        checks = report.Entries.Select(e => new
        {
            name = e.Key,
            status = e.Value.Status.ToString(),
            description = e.Value.Description,
            durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
        }),
    });
}
