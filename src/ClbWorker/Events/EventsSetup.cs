using ClbWorker.Database;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClbWorker.Events;

public static class EventsSetup
{
    /// <summary>Following tasks live: options, the event store, the process's one listener hub and the stream writer.</summary>
    public static WebApplicationBuilder AddTaskEvents(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NotificationListener>();
        services.AddSingleton<TaskEventStore>();
        services.AddSingleton<TaskEventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<TaskEventHub>());
        services.AddSingleton<EventStreamWriter>();
        return builder;
    }
}
