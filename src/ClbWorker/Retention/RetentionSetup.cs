using Microsoft.Extensions.Options;

namespace ClbWorker.Retention;

public static class RetentionSetup
{
    /// <summary>Deleting old final tasks with their deliveries and attempts: options, the store and the recurring job.</summary>
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<TaskRetention>();
        services.AddSingleton<EventRetentionStore>();
        services.AddSingleton<EventRetention>();
        services.AddTransient<RetentionJob>();
        services.AddHostedService<RetentionJobRegistration>();
        return builder;
    }
}
