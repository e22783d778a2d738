using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// One ClbWorker process (Program.cs as deployed: migrations, Hangfire server, polling job), configured only by
/// the environment variables given here.
/// </summary>
internal static class WorkerProcess
{
    /// <summary>Written by PollingLoop when a run of the polling job begins in the process.</summary>
    public const string PollingStarted = "Polling started in this process";

    public static ChildProcess Start(string name, string connectionString, SimulatorProcess simulator, string secretKey,
        IReadOnlyDictionary<string, string>? polling = null, IReadOnlyDictionary<string, string?>? overrides = null) =>
        Start(name, connectionString, simulator.BaseAddress, simulator.SecretId, secretKey, polling, overrides);

    /// <summary>A worker polling the simulator at <paramref name="endpoint"/> (a process of its own, or one embedded in the test).</summary>
    public static ChildProcess Start(string name, string connectionString, Uri endpoint, string secretId, string secretKey,
        IReadOnlyDictionary<string, string>? polling = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Tencent__SecretId"] = secretId,
            ["Tencent__SecretKey"] = secretKey,
            ["Tencent__Endpoint"] = endpoint.GetLeftPart(UriPartial.Authority),
            ["Tencent__RequestsPerSecond"] = "20",
            ["Tencent__Timeout"] = "00:00:02",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = WorkerLog.TimestampFormat,
            // Scopes would come between a line's category and its message, where WorkerLog looks for the message.
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "false",
            // The client handler then logs each request as it goes out: the send times, as each worker saw them.
            [$"Logging__LogLevel__{WorkerLog.RequestLogCategory}"] = "Information",
        };
        foreach (var (key, value) in TestApiKeys.Settings("__"))
            environment[key] = value!;
        foreach (var (key, value) in polling ?? new Dictionary<string, string>())
            environment[$"Polling__{key}"] = value;
        // Last, so a test can replace any variable above; null removes it.
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            if (value is null)
                environment.Remove(key);
            else
                environment[key] = value;
        }
        return ChildProcess.Start(name, BuiltAssemblies.PathOf("ClbWorker"), [], environment);
    }

    /// <summary>Where the process serves HTTP, from the host's "Now listening on" line (it binds a free port).</summary>
    public static async Task<Uri> ListeningAddressAsync(this ChildProcess worker)
    {
        var line = await worker.WaitForLineAsync("Now listening on: ", TimeSpan.FromSeconds(60));
        return new Uri(line.Text[(line.Text.IndexOf("Now listening on: ", StringComparison.Ordinal) + "Now listening on: ".Length)..].Trim());
    }

    /// <summary>The <c>clb.tasks.lease_owner</c> values a process writes are <c>machine:pid:guid</c>.</summary>
    public static bool Owns(this ChildProcess worker, string leaseOwner) =>
        leaseOwner.Split(':') is [_, var pid, _] && pid == worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
