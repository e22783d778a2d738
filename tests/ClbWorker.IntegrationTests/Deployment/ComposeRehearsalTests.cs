using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClbWorker.Dashboard.Access;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Processes;
using ClbWorker.UnitTests.Deployment;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Deployment;

/// <summary>
/// docker-compose.yml rehearsed without Docker: the services run as processes with exactly the environment compose
/// gives them (variables at their defaults), except that service names become loopback addresses and the database
/// is the test server's. In the demo, a task enqueued by SQL must end as a verified notification at the receiver,
/// as the README's walkthrough promises; in production without .env, the worker must refuse to start.
/// </summary>
[Collection(ProcessTestsDefinition.Name)]
public sealed partial class ComposeRehearsalTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly ComposeFile Compose = ComposeFile.Parse(Repository.Read("docker-compose.yml"));

    // The machine running the tests may be loaded; this is about configuration, not send timing.
    private static readonly Dictionary<string, string> Tolerance = new()
    {
        ["Polling__RateWindowSlack"] = "00:00:00.500",
        ["Polling__MaxSendLateness"] = "00:00:00.500",
    };

    private readonly List<ChildProcess> processes = [];
    private string database = "";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
            if (TestContext.Current.TestState?.Result is not TestResult.Passed)
                TestContext.Current.TestOutputHelper?.WriteLine(process.Transcript());
        }
        NpgsqlConnection.ClearAllPools();
        if (database.Length > 0)
            await server.DropDatabaseAsync(database);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_task_enqueued_in_the_demo_reaches_the_receiver_as_a_verified_notification()
    {
        var simulator = await StartAsync("simulator", "ClbWorker.Simulator", "simulator listening on");
        var receiver = await StartAsync("webhook-receiver", "ClbWorker.WebhookReceiver", "Webhook receiver listening on");
        database = await server.CreateDatabaseAsync();
        var connectionString = server.ConnectionStringFor(database);
        var addresses = new Dictionary<string, string> { ["simulator"] = simulator, ["webhook-receiver"] = receiver };
        var worker = Start("clbworker-demo", "ClbWorker", addresses,
            new Dictionary<string, string>(Tolerance) { ["ConnectionStrings__Postgres"] = connectionString });
        await worker.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(90));

        using var http = new HttpClient();
        var created = await http.PostAsJsonAsync(new Uri(new Uri(simulator), "/_sim/tasks"), new { delay = "00:00:01", outcome = "succeeded" },
            TestContext.Current.CancellationToken);
        var taskId = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken))
            .GetProperty("tasks")[0].GetProperty("taskId").GetString()!;
        await using (var connection = new NpgsqlConnection(connectionString))
            await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region) VALUES (@taskId, 'ap-guangzhou')", new { taskId });

        var received = await Eventually.ReturnsAsync(
            () => http.GetFromJsonAsync<List<JsonElement>>(new Uri(new Uri(receiver), "/webhooks"), TestContext.Current.CancellationToken)!,
            list => list!.Any(w => w.GetProperty("taskId").GetString() == taskId), TimeSpan.FromSeconds(60), "the notification at the receiver");

        var notification = received!.Single(w => w.GetProperty("taskId").GetString() == taskId);
        Assert.Equal("task.succeeded", notification.GetProperty("type").GetString());
        Assert.Equal("Verified", notification.GetProperty("verdict").GetString());
    }

    [Fact(Timeout = 60_000)]
    public async Task The_production_worker_with_compose_defaults_and_no_credentials_refuses_to_start_saying_what_to_set()
    {
        // What plain compose gives the production worker when .env sets nothing: the variables' defaults, and the
        // SecretKey in its mounted secret file (here a temporary one).
        var secret = Path.GetTempFileName();
        var apiKey = Path.GetTempFileName();
        await File.WriteAllTextAsync(secret, "a-secret-key\n", TestContext.Current.CancellationToken);
        var passwordHash = Path.GetTempFileName();
        await File.WriteAllTextAsync(apiKey, "an-admin-api-key-of-enough-length\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(passwordHash, PasswordHash.Create("a dashboard password") + "\n", TestContext.Current.CancellationToken);
        try
        {
            database = await server.CreateDatabaseAsync();
            var worker = Start("clbworker", "ClbWorker", [], new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = server.ConnectionStringFor(database),
                ["Tencent__SecretKey_FILE"] = secret,
                ["Api__Keys__admin__Key_FILE"] = apiKey,
                ["Dashboard__Users__0__PasswordHash_FILE"] = passwordHash,
            });

            await Eventually.ReturnsAsync(() => Task.FromResult(worker.HasExited), exited => exited, TimeSpan.FromSeconds(45), "worker exited");

            Assert.NotEqual(0, worker.ExitCode);
            Assert.Contains("No Tencent Cloud credentials are configured. Set Tencent:SecretId and Tencent:SecretKey", worker.Transcript(), StringComparison.Ordinal);
            Assert.DoesNotContain("a-secret-key", worker.Transcript(), StringComparison.Ordinal);
            Assert.DoesNotContain("an-admin-api-key", worker.Transcript(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(secret);
            File.Delete(apiKey);
            File.Delete(passwordHash);
        }
    }

    private async Task<string> StartAsync(string service, string assembly, string banner)
    {
        var process = Start(service, assembly, new Dictionary<string, string>(), new Dictionary<string, string>());
        var line = await process.WaitForLineAsync(banner, TimeSpan.FromSeconds(60));
        return Url().Match(line.Text).Value.TrimEnd(',', '/');
    }

    // The service's compose environment, with http://<service>:8080 turned into that service's loopback address.
    private ChildProcess Start(string service, string assembly, Dictionary<string, string> addresses, Dictionary<string, string> overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (name, value) in Compose.Service(service).Environment)
            environment[name] = addresses.Aggregate(ComposeFile.WithDefaults(value), (text, address) => text.Replace($"http://{address.Key}:8080", address.Value, StringComparison.Ordinal));
        foreach (var (name, value) in overrides)
            environment[name] = value;
        var process = ChildProcess.Start(service, BuiltAssemblies.PathOf(assembly), [], environment);
        processes.Add(process);
        return process;
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex Url();
}
