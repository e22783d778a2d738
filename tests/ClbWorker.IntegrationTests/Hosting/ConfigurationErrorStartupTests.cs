using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Processes;
using Npgsql;

namespace ClbWorker.IntegrationTests.Hosting;

/// <summary>
/// The worker as a user starts it, with a configuration mistake in its environment: it stops before touching the
/// database, says what is wrong in plain lines, each once, never a secret, and exits with EX_CONFIG.
/// </summary>
public sealed class ConfigurationErrorStartupTests(PostgresServer server)
{
    private const string SecretKey = "tencent-secret-key-never-printed";
    private const string MisspeltSecret = "whsec_bWlzc3BlbHQtc2VjcmV0LW5ldmVyLXByaW50ZWQ=";

    // Nothing listens there: a worker that went past the configuration would fail on it with another exit code.
    private const string UnusedDatabase = "Host=127.0.0.1;Port=1;Database=unused;Username=unused;Timeout=2";

    [Fact(Timeout = 60_000)]
    public async Task A_misspelt_key_stops_the_start_naming_it_and_the_key_it_meant()
    {
        var output = await FailedStartAsync(new() { ["Tencent__RequestPerSecond"] = "5" });

        AssertOnce("- Tencent:RequestPerSecond is not a ClbWorker setting (environment variable Tencent__RequestPerSecond, value '5'); "
            + "did you mean Tencent:RequestsPerSecond (Tencent__RequestsPerSecond)?", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_value_that_is_not_a_number_stops_the_start_saying_what_is_allowed()
    {
        var output = await FailedStartAsync(new() { ["Tencent__RequestsPerSecond"] = "abc" });

        AssertOnce("- Tencent:RequestsPerSecond is 'abc' (environment variable Tencent__RequestsPerSecond), which is not a number; "
            + "allowed: a number, with '.' as the decimal point; the default is 20.", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_value_out_of_range_is_reported_once_with_the_allowed_range()
    {
        var output = await FailedStartAsync(new() { ["Tencent__RequestsPerSecond"] = "5000" });

        AssertOnce("- Tencent:RequestsPerSecond is 5000; allowed: more than 0 and at most 1000 (requests per second).", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task Values_out_of_range_in_two_sections_are_reported_together()
    {
        var output = await FailedStartAsync(new() { ["Tencent__RequestsPerSecond"] = "0", ["Retention__BatchSize"] = "20000" });

        Assert.Contains("ClbWorker cannot start: 2 configuration errors.", output);
        AssertOnce("- Tencent:RequestsPerSecond is 0; allowed: more than 0 and at most 1000 (requests per second).", output);
        AssertOnce("- Retention:BatchSize is 20000; allowed 1 to 10000 tasks per transaction.", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task Misspelt_keys_and_a_bad_value_are_reported_together_without_the_secret()
    {
        var output = await FailedStartAsync(new()
        {
            ["Tencent__RequestPerSecond"] = "5",
            ["Polling__BatchSize"] = "fifty",
            ["Webhooks__SigningSecrt"] = MisspeltSecret,
        });

        Assert.Contains("ClbWorker cannot start: 3 configuration errors.", output);
        AssertOnce("- Polling:BatchSize is 'fifty' (environment variable Polling__BatchSize), which is not a whole number; "
            + "allowed: a whole number; the default is 50.", output);
        AssertOnce("did you mean Tencent:RequestsPerSecond (Tencent__RequestsPerSecond)?", output);
        AssertOnce("- Webhooks:SigningSecrt is not a ClbWorker setting (environment variable Webhooks__SigningSecrt, value (hidden)); "
            + "did you mean Webhooks:SigningSecret (Webhooks__SigningSecret)?", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_configured_webhook_endpoint_without_its_secret_is_reported_like_any_setting()
    {
        var output = await FailedStartAsync(new() { ["Webhooks__Endpoints__ops__Url"] = "https://hooks.example.test/clb" });

        AssertOnce("- Webhooks:Endpoints:ops:Secret is not set;", output);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_missing_connection_string_and_a_missing_secret_file_end_the_same_way()
    {
        var noDatabase = await FailedStartAsync(new() { ["ConnectionStrings__Postgres"] = null });
        var noFile = await FailedStartAsync(new() { ["Tencent__SecretKey"] = null, ["Tencent__SecretKey_FILE"] = "/nonexistent/tencent_secret_key" });

        AssertOnce("- No database is configured. Set the connection string ConnectionStrings:Postgres", noDatabase);
        AssertOnce("- Tencent__SecretKey_FILE names '/nonexistent/tencent_secret_key', which does not exist", noFile);
    }

    [Fact(Timeout = 180_000)]
    public async Task The_dev_run_with_nothing_configured_but_its_database_starts()
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            await using (var worker = ChildProcess.Start("dev-run", BuiltAssemblies.PathOf("ClbWorker"), [], new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                // A port of its own: the dev run's webhook receiver needs to know it (port 0 is refused there).
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ClbWorker.Development.LoopbackPorts.Free()}",
                ["ConnectionStrings__Postgres"] = server.ConnectionStringFor(database),
            }))
            {
                // Its made-up simulator credentials, API key and webhook endpoint are configuration too, and all known.
                await worker.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(120));

                Assert.False(worker.HasExited);
                Assert.DoesNotContain("configuration error", worker.Transcript(), StringComparison.Ordinal);
            }
            NpgsqlConnection.ClearAllPools();
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    /// <summary>
    /// The output of a worker that stopped at start with <paramref name="overrides"/>, checked for what every
    /// configuration error shares: exit code 78, no stack trace or exception dump, no secret.
    /// </summary>
    private static async Task<IReadOnlyList<string>> FailedStartAsync(Dictionary<string, string?> overrides)
    {
        await using var worker = WorkerProcess.Start("worker", UnusedDatabase, new Uri("http://127.0.0.1:1"), "AKIDconfigtest", SecretKey,
            overrides: overrides);

        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromSeconds(45));

        var transcript = worker.Transcript();
        // 78: EX_CONFIG of sysexits.h, the contract scripts test for.
        Assert.True(exitCode == 78, $"exit code {exitCode}:{Environment.NewLine}{transcript}");
        Assert.DoesNotContain("   at ", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(MisspeltSecret, transcript, StringComparison.Ordinal);
        var lines = worker.Lines.Select(line => line.Text).ToList();
        Assert.Contains($"Fix the configuration and start again (exit code 78).", lines);
        return lines;
    }

    private static void AssertOnce(string text, IReadOnlyList<string> lines) =>
        Assert.Single(lines, line => line.Contains(text, StringComparison.Ordinal));
}
