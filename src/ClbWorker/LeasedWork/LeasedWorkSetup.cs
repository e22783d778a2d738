using ClbWorker.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ClbWorker.LeasedWork;

public static class LeasedWorkSetup
{
    /// <summary>
    /// Runs <typeparamref name="TWork"/> on the leased-work engine: its loop in this process, driven by a recurring
    /// Hangfire job on this process's own queue.
    /// </summary>
    public static IServiceCollection AddLeasedWork<TWork, TOutcome>(this IServiceCollection services)
        where TWork : class, ILeasedWork<TOutcome>
    {
        services.TryAddSingleton<NotificationListener>();
        services.AddSingleton<TWork>();
        services.AddSingleton<ILeasedWork<TOutcome>>(sp => sp.GetRequiredService<TWork>());
        services.AddSingleton<LeasedWorkLoop<TOutcome>>();
        services.AddSingleton<ILeasedWorkLoop>(sp => sp.GetRequiredService<LeasedWorkLoop<TOutcome>>());
        services.TryAddTransient<LeasedWorkJob>();
        services.TryAddTransient<ServerSweepJob>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, LeasedWorkJobRegistration>());
        return services;
    }
}
