using ClbWorker.Database;
using ClbWorker.LeasedWork;
using ClbWorker.Polling;
using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace ClbWorker.Hosting;

public static class HangfireSetup
{
    /// <summary>Hangfire's schema in the ClbWorker database; it creates and migrates its own tables there.</summary>
    public const string SchemaName = "hangfire";

    /// <summary>This process's Hangfire server name; Hangfire adds a unique suffix to it.</summary>
    public static string ServerName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Hangfire storage in PostgreSQL (its own schema) and a Hangfire server in this process.</summary>
    public static WebApplicationBuilder AddClbHangfire(this WebApplicationBuilder builder)
    {
        var retention = builder.Configuration.GetSection(PollingOptions.Section)
            .GetValue(nameof(PollingOptions.HangfireJobRetention), new PollingOptions().HangfireJobRetention);

        builder.Services.AddHangfire((services, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseFilter(new JobRetentionFilter(retention))
            .UsePostgreSqlStorage(
                bootstrap => bootstrap.UseConnectionFactory(new DataSourceConnectionFactory(services.GetRequiredService<NpgsqlDataSource>())),
                new PostgreSqlStorageOptions
                {
                    SchemaName = SchemaName,
                    // Installed by the migration step under its lock (HangfireSchemaInstaller): processes starting
                    // together on a new database would otherwise race each other creating it.
                    PrepareSchemaIfNecessary = false,
                    // Jobs here are few and long; a short poll keeps the first run and each successor prompt.
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    // A polling run lasts minutes: keep it invisible to other servers while it is alive.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    JobExpirationCheckInterval = TimeSpan.FromMinutes(15),
                }));

        builder.Services.AddSingleton<IDatabaseInstaller, HangfireSchemaInstaller>();
        // Each process's own queue runs its polling and delivery loops (see ServerQueueName); shared jobs use "default".
        var queue = ServerQueueName.ForThisProcess();
        builder.Services.AddSingleton(queue);
        builder.Services.AddHangfireServer(server =>
        {
            server.ServerName = ServerName;
            server.Queues = [queue.Name, "default"];
            // Recurring jobs are due every few seconds; the default 15 s check would delay them.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            server.WorkerCount = 4;
            // A dead process's server is dropped a minute after its last heartbeat (not Hangfire's default five), so
            // that the server sweep soon removes the jobs it left on its queue.
            server.HeartbeatInterval = TimeSpan.FromSeconds(10);
            server.ServerTimeout = TimeSpan.FromMinutes(1);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
