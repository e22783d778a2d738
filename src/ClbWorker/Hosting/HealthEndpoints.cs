namespace ClbWorker.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: every registered health check.</summary>
    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok("alive"));
        app.MapHealthChecks("/readyz");
        return app;
    }
}
