using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// deployment.md's production setup, run as written from the root of a copy of the repository: <c>.env</c> from
/// <c>.env.example</c>, the secret files, <c>docker compose up -d --build</c>. Without a SecretId ClbWorker must
/// refuse to start and say what to set; with one (and the CLB simulator as the Tencent endpoint, added by a
/// docker-compose.override.yml as an operator would) it must become ready and poll a task to its end.
/// </summary>
public sealed class ComposeProductionTests
{
    private const string SecretId = "AKIDSIMULATOR000000000000000000000000";
    private const string SecretKey = "simulator-secret-key-not-for-production";
    private const string DashboardPassword = "a dashboard password";

    // What stands in for Tencent Cloud: the simulator with the pair above, published for the test to make tasks.
    private const string SimulatorOverride = $"""
        services:
          simulator:
            profiles: [production]
            build:
              context: .
              dockerfile: src/ClbWorker.Simulator/Dockerfile
            environment:
              Simulator__Credentials__0__SecretId: {SecretId}
              Simulator__Credentials__0__SecretKey: {SecretKey}
            ports:
              - "127.0.0.1:18080:8080"
          clbworker:
            environment:
              Tencent__Endpoint: http://simulator:8080
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 1_800_000)]
    public async Task The_readme_production_setup_refuses_to_start_without_credentials_and_polls_with_them()
    {
        await ContainerTests.RequireAsync();
        var commands = DeploymentCommands.Block("cp .env.example .env");
        Assert.Equal("docker compose up -d --build", commands[^1]);
        PublishedPorts.AssertFree("the production profile (and the simulator this test adds)", 8080, 18080);
        await using var copy = RepositoryCopy.Create("production");

        // deployment.md's steps; filling in .env is the user's edit, here POSTGRES_PASSWORD only, and the SecretKey is
        // what the user pastes.
        var fillIn = ScriptStep.Of($"sed -i 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD={Guid.NewGuid():N}/' .env");
        var steps = commands.Select(c => c.Contains("cat > secrets/tencent_secret_key", StringComparison.Ordinal) ? new ScriptStep(c, SecretKey) : ScriptStep.Of(c)).ToList();
        steps.Insert(1, fillIn);
        var setup = await copy.RunAsync(steps, TimeSpan.FromMinutes(25));
        TestContext.Current.TestOutputHelper?.WriteLine(setup.Transcript);
        copy.Report("deployment.md's production steps without a SecretId (image builds included)", setup);

        var refused = await Eventually.ReturnsAsync(() => LogsAsync(copy), logs => logs.Contains("No Tencent Cloud credentials", StringComparison.Ordinal),
            TimeSpan.FromMinutes(3), "ClbWorker's refusal in its log");
        Assert.Contains("No Tencent Cloud credentials are configured. Set Tencent:SecretId and Tencent:SecretKey", refused, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretKey, refused, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.False(await AnswersAsync(http, "http://127.0.0.1:8080/healthz"), "ClbWorker serves HTTP without credentials");

        // Now the user sets the SecretId; the endpoint override points ClbWorker at the simulator.
        await File.WriteAllTextAsync(Path.Combine(copy.Folder, "docker-compose.override.yml"), SimulatorOverride, Ct);
        copy.Report("up again with the SecretId", await copy.RunAsync(
            [ScriptStep.Of($"sed -i 's/^TENCENT_SECRET_ID=$/TENCENT_SECRET_ID={SecretId}/' .env"), ScriptStep.Of(commands[^1])], TimeSpan.FromMinutes(15)));
        await Eventually.ReturnsAsync(() => AnswersAsync(http, "http://127.0.0.1:8080/readyz"), ready => ready, TimeSpan.FromMinutes(3), "ClbWorker ready");

        var created = await http.PostAsJsonAsync(new Uri("http://127.0.0.1:18080/_sim/tasks"), new { delay = "00:00:01", outcome = "succeeded" }, Ct);
        var taskId = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("tasks")[0].GetProperty("taskId").GetString()!;
        var apiKey = (await File.ReadAllTextAsync(Path.Combine(copy.Folder, "secrets", "api_admin_key"), Ct)).Trim();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var enqueued = await http.PostAsJsonAsync(new Uri("http://127.0.0.1:8080/api/tasks"), new { taskId, region = "ap-guangzhou" }, Ct);
        Assert.Equal(HttpStatusCode.Created, enqueued.StatusCode);
        await Eventually.ReturnsAsync(() => http.GetStringAsync(new Uri($"http://127.0.0.1:8080/api/tasks?taskId={taskId}"), Ct),
            listing => listing.Contains("\"state\":\"succeeded\"", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the task succeeded");

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{DashboardPassword}")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("http://127.0.0.1:8080/hangfire"), Ct)).StatusCode);
        await ImageFacts.AssertHardenedAsync(copy, "production", ["clbworker"]);
        Assert.DoesNotContain(SecretKey, await LogsAsync(copy), StringComparison.Ordinal);

        await copy.RunAsync([ScriptStep.Of("docker compose down -v")], TimeSpan.FromMinutes(3));
        Assert.Empty(copy.Leftovers());
    }

    private static async Task<string> LogsAsync(RepositoryCopy copy) =>
        (await copy.RunAsync([ScriptStep.Of("docker compose logs --no-color clbworker 2>&1")], TimeSpan.FromMinutes(1))).Outputs[0];

    private static async Task<bool> AnswersAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url), Ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
