using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ClbWorker.Observability;

internal static class HealthEndpoints
{
    /// <summary>
    /// <c>/healthz</c>: the process answers. <c>/readyz</c>: every registered health check, as JSON; 200 when
    /// Healthy or Degraded, 503 when any check is Unhealthy.
    /// </summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok("alive"));
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = ReadinessResponse.WriteAsync });
        return app;
    }
}
