using System.Security.Cryptography;
using System.Text;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Tencent;
using ClbWorker.Simulator;
using ClbWorker.Webhooks.Security;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Observability;

/// <summary>Every log entry of an end-to-end run, at every level, read for the secrets the run was configured with.</summary>
public sealed class SecretsInLogsTests(PostgresServer server)
{
    [Fact]
    public async Task An_end_to_end_run_logs_none_of_its_secrets_at_any_level()
    {
        var tencent = new SimulatorCredential { SecretId = "AKIDLOGS" + Random(12), SecretKey = "tencentkey" + Random(16) };
        var endpointSecret = WebhookSecret.Generate().Reveal();
        var callbackSecret = WebhookSecret.Generate().Reveal();
        var apiKey = "apikey" + Random(16);
        var dashboardPassword = "dashpass" + Random(16);
        var logs = new CapturedLogs();
        await using var receiver = await LoopbackServer.StartAsync(LoopbackServer.NoContent, TestContext.Current.CancellationToken);
        await using var world = await PollingWorld.StartAsync(server, o => o.Credentials.Add(tencent));
        var worker = world.StartServedWorker(logs,
            ("Tencent:SecretId", tencent.SecretId),
            ("Tencent:SecretKey", tencent.SecretKey),
            ("Webhooks:Endpoints:receiver:Url", new Uri(receiver.BaseAddress, "/hooks").ToString()),
            ("Webhooks:Endpoints:receiver:Secret", endpointSecret),
            ("Webhooks:SigningSecret", callbackSecret),
            ("Webhooks:AllowPrivateNetworks", "true"),
            ("Api:Keys:0:Key", apiKey),
            ("Api:Keys:0:Role", "admin"),
            ("Dashboard:Users:0:Name", "operator"),
            ("Dashboard:Users:0:Password", dashboardPassword));
        var succeed = world.Simulated(3, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(1));
        var fail = world.Simulated(2, SimulatedTaskOutcome.Failed, TimeSpan.Zero);

        await world.EnqueueAsync(succeed.Concat(fail));
        await world.AllFinalAsync(5, TimeSpan.FromSeconds(30));
        await Eventually.ReturnsAsync(() => DeliveredAsync(world), delivered => delivered == 5, TimeSpan.FromSeconds(30), "5 deliveries delivered");
        using (var http = worker.CreateClient())
        {
            _ = await http.GetStringAsync("/readyz", TestContext.Current.CancellationToken);
            _ = await http.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        }
        await worker.DisposeAsync(); // shutdown is logged too

        var text = logs.AllText;
        // The capture saw the run: every task by id, the deliveries, and the levels below Information.
        Assert.All(succeed.Concat(fail), id => Assert.Contains(id, text, StringComparison.Ordinal));
        Assert.Contains("Delivery ", text, StringComparison.Ordinal);
        Assert.Contains(logs.Entries, e => e.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, e => e.StartsWith("Debug ", StringComparison.Ordinal));
        Assert.Equal(5, receiver.Received.Count);
        var secrets = new Dictionary<string, string>
        {
            ["Tencent SecretKey"] = tencent.SecretKey,
            ["Tencent SecretKey, base64"] = Base64(tencent.SecretKey),
            ["endpoint secret"] = endpointSecret,
            ["endpoint secret key (base64)"] = endpointSecret[WebhookSecret.Prefix.Length..],
            ["callback signing secret"] = callbackSecret,
            ["callback signing secret key (base64)"] = callbackSecret[WebhookSecret.Prefix.Length..],
            ["API key"] = apiKey,
            ["API key, base64"] = Base64(apiKey),
            ["dashboard password"] = dashboardPassword,
            ["dashboard basic credentials, base64"] = Base64("operator:" + dashboardPassword),
            ["database password"] = new NpgsqlConnectionStringBuilder(world.ConnectionString).Password ?? "(none)",
        };
        var leaks = secrets.Where(secret => text.Contains(secret.Value, StringComparison.Ordinal))
            .Select(secret => $"the {secret.Key} in: {logs.Entries.First(e => e.Contains(secret.Value, StringComparison.Ordinal))}");
        Assert.Empty(leaks);
        TestContext.Current.TestOutputHelper?.WriteLine($"{logs.Entries.Count} log entries, {text.Length} characters, read for {secrets.Count} secrets");
    }

    [Fact]
    public async Task A_run_with_every_credential_source_logs_none_of_their_keys_tokens_or_the_web_identity_token()
    {
        var folder = Directory.CreateTempSubdirectory("clbworker-secrets-sources-").FullName;
        try
        {
            var setups = CredentialSourceSetup.Sources.ToDictionary(source => source, source => new CredentialSourceSetup(source, folder));
            var oidc = setups["oidc"];
            var brokenSigner = new SimulatorCredential { SecretId = "AKIDBROKEN" + Random(12), SecretKey = "brokenkey" + Random(16) };
            await using var world = await PollingWorld.StartAsync(server, o => oidc.Configure(o, TimeSpan.FromSeconds(20)));
            var logs = new CapturedLogs();
            (string Key, string? Value)[] settings =
            [
                .. setups["cvm-role"].Settings(world),
                .. new[] { "static", "environment", "profile", "assume-role", "oidc", "chain" }
                    .SelectMany(source => source == "static"
                        ? [("Tencent:Accounts:static:SecretId", PollingWorld.Credential.SecretId), ("Tencent:Accounts:static:SecretKey", PollingWorld.Credential.SecretKey)]
                        : setups[source].Settings(world, $"Tencent:Accounts:{source}:Credentials")),
                // A source that fails: its error is logged and paused on, its signing key never.
                .. setups["assume-role"].Settings(world, "Tencent:Accounts:broken:Credentials"),
                ("Tencent:Accounts:broken:Credentials:SourceCredentials:SecretId", brokenSigner.SecretId),
                ("Tencent:Accounts:broken:Credentials:SourceCredentials:SecretKey", brokenSigner.SecretKey),
            ];
            var worker = world.StartServedWorker(logs, settings);
            var accounts = new[] { "default", "static", "environment", "profile", "assume-role", "oidc", "chain" };
            foreach (var account in accounts)
                await world.EnqueueAsync(world.Simulated(2, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(25)), account: account);
            await world.EnqueueAsync(world.Simulated(1, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero), account: "broken");
            await Eventually.ReturnsAsync(world.TasksAsync, rows => rows.Count(r => r.State == "succeeded") == 2 * accounts.Length,
                TimeSpan.FromSeconds(90), "every source's tasks succeeded, its keys renewed on the way");
            using (var http = worker.CreateClient())
            {
                _ = await http.GetStringAsync("/readyz", TestContext.Current.CancellationToken);
                _ = await http.GetStringAsync("/hangfire/clb/rate-limits", TestContext.Current.CancellationToken);
            }
            await worker.DisposeAsync();

            var text = logs.AllText;
            Assert.Contains("Account broken paused (credentials)", text, StringComparison.Ordinal);
            // TENCENTCLOUD_SECRET_ID/KEY are set (for the environment account), so the chain stops at them, as the SDKs' does.
            Assert.Contains("Tencent account chain: the credential chain uses chain: environment (TENCENTCLOUD_SECRET_ID)", text, StringComparison.Ordinal);
            var temporary = world.State.AcceptedCredentials.Where(c => c.ExpiresAt is not null).ToList();
            Assert.True(temporary.Count >= 6, $"only {temporary.Count} temporary keys were issued");
            var secrets = new Dictionary<string, string>
            {
                ["static, environment, profile and signing SecretKey"] = PollingWorld.Credential.SecretKey,
                ["web identity token"] = oidc.WebIdentityToken,
                ["failing source's signing key"] = brokenSigner.SecretKey,
            };
            foreach (var (credential, i) in temporary.Select((c, i) => (c, i)))
            {
                secrets[$"temporary key {i}"] = credential.SecretKey;
                secrets[$"temporary token {i}"] = credential.Token!;
            }
            foreach (var (name, value) in secrets.ToList())
                secrets[name + ", base64"] = Base64(value);
            var leaks = secrets.Where(secret => text.Contains(secret.Value, StringComparison.Ordinal))
                .Select(secret => $"the {secret.Key} in: {logs.Entries.First(e => e.Contains(secret.Value, StringComparison.Ordinal))}").ToList();
            Assert.Empty(leaks);
            TestContext.Current.TestOutputHelper?.WriteLine($"{logs.Entries.Count} log entries read for {secrets.Count} secrets of 7 sources");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Random(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<long> DeliveredAsync(PollingWorld world)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM clb.webhook_deliveries WHERE state = 'delivered'");
    }
}
