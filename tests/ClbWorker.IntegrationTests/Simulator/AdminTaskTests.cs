using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ClbWorker.IntegrationTests.Simulator;

public sealed class AdminTaskTests
{
    [Fact]
    public async Task Creating_a_thousand_tasks_at_once_registers_a_thousand_distinct_ids()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var ids = await sim.CreateTasksAsync(new { count = 1000, delay = "00:01:00", outcome = "failed" });

        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(2, sim.State.FindTask(id)!.StatusAt(sim.Time.GetUtcNow())));
        Assert.Equal(2, (await sim.CallAsync(SignedCall.Poll(ids[999]))).Status);
    }

    [Fact]
    public async Task Explicit_task_id_and_region_are_used_as_given()
    {
        await using var sim = await RunningSimulator.StartAsync();

        var id = await sim.CreateTaskAsync(new { taskId = "4f6f3c27-0000-4000-8000-000000000001", region = "ap-shanghai-fsi" });
        var answer = await sim.CallAsync(SignedCall.Poll(id, region: "ap-shanghai-fsi"));

        Assert.Equal("4f6f3c27-0000-4000-8000-000000000001", id);
        Assert.Equal(0, answer.Status);
    }

    [Fact]
    public async Task Task_route_shows_a_task_with_its_current_status()
    {
        await using var sim = await RunningSimulator.StartAsync();
        var id = await sim.CreateTaskAsync(new { delay = "00:00:10", outcome = "failed" });
        sim.Clock.Advance(TimeSpan.FromSeconds(10));

        var task = await sim.Http.GetFromJsonAsync<JsonElement>($"/_sim/tasks/{id}", TestContext.Current.CancellationToken);
        using var missing = await sim.Http.GetAsync("/_sim/tasks/nope", TestContext.Current.CancellationToken);

        Assert.Equal(1, task.GetProperty("status").GetInt32());
        Assert.Equal("failed", task.GetProperty("outcome").GetString());
        Assert.Equal(RunningSimulator.Epoch.AddSeconds(10), task.GetProperty("completesAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("""{"count":0}""", "count")]
    [InlineData("""{"count":10001}""", "count")]
    [InlineData("""{"delay":"-00:00:01"}""", "delay")]
    [InlineData("""{"delay":"2.00:00:00"}""", "delay")]
    [InlineData("""{"delay":5}""", "delay")]
    [InlineData("""{"outcome":"maybe"}""", "outcome")]
    [InlineData("""{"outcome":1}""", "outcome")]
    [InlineData("""{"region":"mars-1"}""", "region")]
    [InlineData("""{"count":2,"taskId":"abc"}""", "taskId")]
    [InlineData("""{"taskId":" "}""", "taskId")]
    [InlineData("""{"cuont":2}""", "cuont")]
    [InlineData("""[1]""", "body")]
    [InlineData("""null""", "body")]
    [InlineData("", "body")]
    public async Task Invalid_task_requests_get_a_problem_naming_the_field(string body, string field)
    {
        await using var sim = await RunningSimulator.StartAsync();

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await sim.Http.PostAsync("/_sim/tasks", content, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.Contains(field, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reusing_an_existing_task_id_is_refused()
    {
        await using var sim = await RunningSimulator.StartAsync();
        await sim.CreateTaskAsync(new { taskId = "dup" });

        using var response = await sim.Http.PostAsJsonAsync("/_sim/tasks", new { taskId = "dup", outcome = "failed" }, TestContext.Current.CancellationToken);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("taskId", out _));
        Assert.Equal(ClbWorker.Simulator.SimulatedTaskOutcome.Succeeded, sim.State.FindTask("dup")!.Outcome);
    }

    [Fact]
    public async Task Admin_accepts_json_sent_without_a_content_type()
    {
        await using var sim = await RunningSimulator.StartAsync();

        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"count":3}"""));
        using var response = await sim.Http.PostAsync("/_sim/tasks", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
