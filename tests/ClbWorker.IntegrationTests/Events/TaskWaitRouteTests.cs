using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.Events;
using ClbWorker.IntegrationTests.Api;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.IntegrationTests.Events;

/// <summary>
/// <c>?wait=</c> on the task lookups. The tasks are inserted due in an hour, so the application never polls them: only the
/// test's own UPDATE, on a connection of its own, makes them final.
/// </summary>
public sealed class TaskWaitRouteTests(ApiWorld world) : IClassFixture<ApiWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wait_answers_as_soon_as_another_connection_makes_the_task_final()
    {
        var (id, _) = await InsertAsync();
        using var client = world.Client();
        var clock = Stopwatch.StartNew();
        var waiting = await StartWaitingAsync(client, $"/api/tasks/{id}?wait=PT30S");
        Assert.False(waiting.IsCompleted, "the task is pending, so the wait goes on");

        await FinishAsync(id, "failed");
        using var response = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("true", response.Headers.GetValues("ClbWorker-Task-Final").Single());
        Assert.Equal("failed", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_wait_that_runs_out_answers_200_with_the_task_still_pending()
    {
        var (id, _) = await InsertAsync();
        using var client = world.Client(TestApiKeys.Reader);
        var clock = Stopwatch.StartNew();

        using var response = await client.GetAsync($"/api/tasks/{id}?wait=PT1.5S", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), $"answered after {clock.Elapsed}");
        Assert.Equal("false", response.Headers.GetValues("ClbWorker-Task-Final").Single());
        Assert.Equal("pending", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_task_already_final_is_answered_at_once_and_an_unknown_id_is_404()
    {
        var (id, _) = await InsertAsync();
        await FinishAsync(id, "cancelled");
        using var client = world.Client();
        var clock = Stopwatch.StartNew();

        using var final = await client.GetAsync($"/api/tasks/{id}?wait=PT60S", Ct);
        using var missing = await client.GetAsync("/api/tasks/999999999?wait=PT60S", Ct);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("true", final.Headers.GetValues("ClbWorker-Task-Final").Single());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
    }

    [Fact]
    public async Task The_lookup_by_task_id_and_region_waits_the_same_way()
    {
        var (id, taskId) = await InsertAsync();
        using var client = world.Client();
        var waiting = await StartWaitingAsync(client, $"/api/tasks?taskId={taskId}&region=ap-guangzhou&wait=PT30S");
        Assert.False(waiting.IsCompleted);

        await FinishAsync(id, "succeeded");
        using var response = await waiting.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal("true", response.Headers.GetValues("ClbWorker-Task-Final").Single());
        var items = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("items");
        Assert.Equal("succeeded", items.EnumerateArray().Single().GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/api/tasks/1?wait=30", "wait")]
    [InlineData("/api/tasks/1?wait=-PT5S", "wait")]
    [InlineData("/api/tasks/1?wait=PT61S", "wait")]
    [InlineData("/api/tasks/1?wait=P1M", "wait")]
    [InlineData("/api/tasks/1?waitFor=PT5S", "waitFor")]
    [InlineData("/api/tasks?taskId=abc&wait=PT5S", "wait")]
    [InlineData("/api/tasks?taskId=abc&region=ap-guangzhou&state=pending&wait=PT5S", "wait")]
    [InlineData("/api/tasks?taskId=abc&region=ap-guangzhou&wait=1m", "wait")]
    public async Task A_bad_wait_is_a_400_naming_the_parameter(string path, string parameter)
    {
        using var client = world.Client();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(parameter, out _), $"errors name {parameter}: {errors}");
    }

    /// <summary>Sends a waiting lookup and returns once the application counts it among its waiters.</summary>
    private async Task<Task<HttpResponseMessage>> StartWaitingAsync(HttpClient client, string path)
    {
        var hub = world.Worker.Services.GetRequiredService<TaskEventHub>();
        var before = hub.WaiterCount;
        var waiting = client.GetAsync(path, Ct);
        await Eventually.ReturnsAsync(() => Task.FromResult(hub.WaiterCount), count => count > before || waiting.IsCompleted,
            TimeSpan.FromSeconds(10), "the lookup waiting for the task");
        return waiting;
    }

    private async Task<(long Id, string TaskId)> InsertAsync()
    {
        var taskId = "wait-" + Guid.NewGuid().ToString("N");
        await using var connection = await world.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO clb.tasks (task_id, region, next_poll_at) VALUES (@taskId, 'ap-guangzhou', now() + interval '1 hour') RETURNING id", new { taskId });
        return (id, taskId);
    }

    private async Task FinishAsync(long id, string state)
    {
        await using var connection = await world.OpenAsync();
        await connection.ExecuteAsync("UPDATE clb.tasks SET state = @state, completed_at = now() WHERE id = @id", new { id, state });
    }
}
