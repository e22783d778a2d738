using System.Diagnostics.Metrics;
using ClbWorker.Database;
using ClbWorker.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ClbWorker.Observability;

public static class ObservabilitySetup
{
    /// <summary>Read from configuration (and so from the environment variable of that name), as the OpenTelemetry SDK does.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // /readyz must answer within a couple of seconds even when the database does not.
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Metrics (the ClbWorker meter, ASP.NET Core, HttpClient, Npgsql and runtime instrumentation) for Prometheus at
    /// <c>/metrics</c>, and over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; readiness checks; the dev
    /// run's progress line.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ClbMetrics>();
        services.AddSingleton(new StartBannerLine(60, "Metrics", "/metrics", "health: /healthz and /readyz"));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ClbMetrics.MeterName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ClbMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
                    metrics.AddOtlpExporter();
            });
        // Listeners match meters by name process-wide: keep only this host's ClbWorker meter (tests run several hosts).
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var ours = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument => instrument.Meter.Name == ClbMetrics.MeterName && !ReferenceEquals(instrument.Meter.Scope, ours)
                ? MetricStreamConfiguration.Drop
                : null);
        });

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<HangfireServerHealthCheck>("hangfire");
        // Every check, ours or registered elsewhere, gets the short timeout unless it chose one.
        services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Timeout == Timeout.InfiniteTimeSpan))
                registration.Timeout = CheckTimeout;
        });

        services.AddOptions<ProgressLogOptions>().BindConfiguration(ProgressLogOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProgressLogOptions>, ProgressLogOptionsValidator>();
        services.AddSingleton<ProgressReporter>();
        if (builder.Environment.IsDevelopment() && builder.Configuration.GetValue($"{ProgressLogOptions.Section}:{nameof(ProgressLogOptions.Enabled)}", true))
            services.AddHostedService<ProgressLogService>();
        return builder;
    }

    /// <summary><c>/metrics</c> (Prometheus text), <c>/healthz</c> and <c>/readyz</c>.</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint();
        app.MapHealthEndpoints();
        return app;
    }
}
