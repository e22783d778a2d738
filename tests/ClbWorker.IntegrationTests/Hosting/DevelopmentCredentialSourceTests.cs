using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Hosting;

/// <summary>
/// The dev run (a real process in Development, as <c>dotnet run</c> starts it) polls its built-in simulator through
/// whichever credential source <c>DevSimulator:CredentialSource</c> names.
/// </summary>
public sealed partial class DevelopmentCredentialSourceTests(PostgresServer server)
{
    public static TheoryData<string, string?> Sources => new()
    {
        { "environment", null }, { "profile", null }, { "cvm-role", "metadata" }, { "assume-role", "AssumeRole" }, { "oidc", "AssumeRoleWithWebIdentity" },
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_dev_run_can_be_switched_to_any_credential_source(string source, string? origin)
    {
        var database = await server.CreateDatabaseAsync();
        try
        {
            var connectionString = server.ConnectionStringFor(database);
            await using (var worker = ChildProcess.Start("dev-run", BuiltAssemblies.PathOf("ClbWorker"), [], new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                // A port of its own: the dev run's webhook receiver needs to know it (port 0 is refused there).
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ClbWorker.Development.LoopbackPorts.Free()}",
                ["ConnectionStrings__Postgres"] = connectionString,
                ["DevSimulator__Url"] = "http://127.0.0.1:0",
                ["DevSimulator__CredentialSource"] = source,
                ["DevSimulator__TemporaryKeyLifetime"] = "00:02:00",
                ["ProgressLog__Enabled"] = "false",
            }))
            {
                var banner = await worker.WaitForLineAsync("polling the built-in CLB simulator at", TimeSpan.FromSeconds(90));
                using var simulator = new HttpClient { BaseAddress = new Uri(SimulatorAddress().Match(banner.Text).Groups["url"].Value) };
                using var created = await simulator.PostAsJsonAsync("/_sim/tasks", new { delay = "00:00:01" }, Ct);
                var taskId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("tasks")[0].GetProperty("taskId").GetString();

                await using var connection = new NpgsqlConnection(connectionString);
                await Eventually.ReturnsAsync(() => connection.ExecuteScalarAsync<bool>("SELECT to_regclass('clb.tasks') IS NOT NULL"),
                    migrated => migrated, TimeSpan.FromSeconds(60), "the schema is in place");
                await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region) VALUES (@taskId, 'ap-guangzhou')", new { taskId });
                var final = await Eventually.ReturnsAsync(
                    () => connection.QuerySingleAsync<string>("SELECT state FROM clb.tasks WHERE task_id = @taskId", new { taskId }),
                    state => state != "pending", TimeSpan.FromSeconds(60), $"the task polled through {source} is final");
                var issued = (await simulator.GetFromJsonAsync<JsonElement>("/_sim/temporary-credentials", Ct)).GetProperty("stats").GetProperty("issuedBy");

                Assert.Equal("succeeded", final);
                Assert.Contains($"through the {source} credential source", banner.Text, StringComparison.Ordinal);
                if (origin is not null)
                    Assert.True(issued.TryGetProperty(origin, out var count) && count.GetInt64() >= 1, $"no keys from {origin}: {issued}");
            }
            NpgsqlConnection.ClearAllPools();
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [GeneratedRegex(@"simulator at (?<url>http://\S+?) with")]
    private static partial Regex SimulatorAddress();
}
