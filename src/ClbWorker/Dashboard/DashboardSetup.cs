using ClbWorker.Dashboard.Access;
using ClbWorker.Dashboard.RateLimits;
using ClbWorker.Hosting;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using HangfireDashboardOptions = Hangfire.DashboardOptions;

namespace ClbWorker.Dashboard;

public static class DashboardSetup
{
    /// <summary>The dashboard's logins (HTTP Basic, a named scheme, never a default one), its queries and the rate sampler.</summary>
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DashboardUsers>();
        services.AddSingleton<DashboardLoginThrottle>();
        services.AddSingleton<DashboardStore>();
        services.AddSingleton<RequestRateSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestRateSampler>());
        services.AddHostedService<DashboardStartLog>();
        // Hangfire checks the antiforgery token of every dashboard POST when this service exists.
        services.AddAntiforgery();
        services.AddAuthentication().AddDashboardBasic();
        services.AddSingleton(new StartBannerLine(30, "Dashboard", DashboardPaths.Root,
            builder.Configuration.GetSection($"{DashboardOptions.Section}:Users").GetChildren().Any()
                ? "log in with a configured Dashboard:Users entry" : DashboardStartLog.LoopbackOnly));
        return builder;
    }

    /// <summary>
    /// Hangfire's dashboard at <c>/hangfire</c> with ClbWorker's pages. Its own middleware identifies the user and
    /// <see cref="DashboardAccessFilter"/> decides, so access does not depend on other authentication middleware.
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        DashboardRegistration.EnsureRegistered();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(DashboardPaths.Root),
            dashboard => dashboard.Use(DashboardAuthentication.IdentifyAsync));
        app.UseHangfireDashboard(DashboardPaths.Root, new HangfireDashboardOptions
        {
            DashboardTitle = "ClbWorker",
            DisplayStorageConnectionString = false,
            Authorization = [],
            AsyncAuthorization = [new DashboardAccessFilter()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(DashboardRoles.Admin),
            AppPath = null,
        });
        return app;
    }
}
