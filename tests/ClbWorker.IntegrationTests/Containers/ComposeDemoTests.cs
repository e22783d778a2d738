using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>
/// deployment.md's demo, run as written from the root of a copy of the repository: <c>docker compose --profile demo up
/// -d --build</c> builds the three images and starts the stack, a task made at the simulator and enqueued over the
/// API must reach the demo receiver as a verified signed notification, the published demo login must open the
/// dashboard, and deployment.md's <c>down -v</c> must leave nothing behind.
/// </summary>
public sealed class ComposeDemoTests
{
    private const string Up = "docker compose --profile demo up -d --build";

    [Fact(Timeout = 1_800_000)]
    public async Task The_readme_demo_runs_as_written_and_a_task_ends_as_a_verified_notification_at_the_receiver()
    {
        await ContainerTests.RequireAsync();
        var commands = DeploymentCommands.Block(Up);
        Assert.Equal("docker compose --profile demo down -v", commands[^1]);
        PublishedPorts.AssertFree("the demo profile", 8080, 18080, 18090);
        await using var copy = RepositoryCopy.Create("demo");

        // Cold, the builds restore and publish three applications: minutes on a small machine.
        var run = await copy.RunAsync([.. commands.SkipLast(1).Select(ScriptStep.Of), ScriptStep.Of("echo \"$TASK_ID\"")], TimeSpan.FromMinutes(25));
        TestContext.Current.TestOutputHelper?.WriteLine(run.Transcript);
        copy.Report("deployment.md's demo steps up to the webhook list (image builds included)", run);

        var taskId = run.Outputs[^1].Trim();
        Assert.Matches("^[0-9a-f-]{36}$", taskId);
        using var created = JsonDocument.Parse(run.OutputOf("curl -s -X POST http://127.0.0.1:8080/api/tasks"));
        Assert.Equal(taskId, created.RootElement.GetProperty("taskId").GetString());
        using var received = JsonDocument.Parse(run.OutputOf("curl -s http://127.0.0.1:18090/webhooks"));
        var notification = Assert.Single(received.RootElement.EnumerateArray(), w => w.GetProperty("taskId").GetString() == taskId);
        Assert.Equal(("task.succeeded", "Verified"), (notification.GetProperty("type").GetString(), notification.GetProperty("verdict").GetString()));

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("http://127.0.0.1:8080/hangfire"), TestContext.Current.CancellationToken)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("demo:demo-password-not-for-production")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("http://127.0.0.1:8080/hangfire"), TestContext.Current.CancellationToken)).StatusCode);
        await ImageFacts.AssertHardenedAsync(copy, "demo", ["clbworker-demo", "simulator", "webhook-receiver"]);

        copy.Report("deployment.md's down -v", await copy.RunAsync([ScriptStep.Of(commands[^1])], TimeSpan.FromMinutes(3)));
        Assert.Empty(copy.Leftovers());
    }
}
