using ClbWorker.LeasedWork;
using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;
using Microsoft.Extensions.Options;

namespace ClbWorker.Polling;

public static class PollingSetup
{
    /// <summary>Polling: options, stores, and the polling capability on the leased-work engine.</summary>
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
        services.AddSingleton<PollingDependencies>();
        services.AddLeasedWork<PollingWork, PollOutcome>();
        services.AddHealthChecks().AddCheck<PausedAccountsHealthCheck>("accounts");
        return builder;
    }
}
