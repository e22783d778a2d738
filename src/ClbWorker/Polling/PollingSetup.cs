using ClbWorker.Database;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

public static class PollingSetup
{
    /// <summary>The polling engine: options, stores, the loop and the recurring Hangfire job that drives it.</summary>
    public static WebApplicationBuilder AddPolling(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PollingOptions>, PollingOptionsValidator>();
        services.AddSingleton(sp => new PollOutcomePolicy(sp.GetRequiredService<IOptions<PollingOptions>>().Value));
        services.AddSingleton<PollingStore>();
        services.AddSingleton<SendBudgetStore>();
        services.AddSingleton<DatabaseClock>();
        services.AddSingleton<AccountPauseStore>();
        services.AddSingleton<NotificationListener>();
        services.AddSingleton<PollDispatcher>();
        services.AddSingleton<PollingDependencies>();
        services.AddSingleton<PollingLoop>();
        services.AddTransient<PollingJob>();
        services.AddHostedService<PollingJobRegistration>();
        services.AddHealthChecks().AddCheck<PausedAccountsHealthCheck>("accounts");
        return builder;
    }
}
