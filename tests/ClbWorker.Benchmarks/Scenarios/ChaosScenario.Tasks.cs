using System.Net.Http.Headers;
using ClbWorker.Benchmarks.Hosting;
using Dapper;
using Npgsql;

namespace ClbWorker.Benchmarks.Scenarios;

public sealed partial class ChaosScenario
{
    private static async Task<List<Fated>> MakeTasksAsync(Testbed bed, Plan plan, Random random, CancellationToken ct)
    {
        var fated = new List<Fated>();
        var enqueueSpan = TimeSpan.FromSeconds(plan.Tasks / (double)Limit);
        for (var i = 0; i < plan.Tasks; i++)
        {
            var at = enqueueSpan * (i / (double)plan.Tasks);
            var roll = random.NextDouble();
            var delay = TimeSpan.FromSeconds(1) + (plan.MaxDelay - TimeSpan.FromSeconds(1)) * random.NextDouble();
            var (fate, outcome) = roll switch
            {
                < 0.55 => ("succeeded", "succeeded"),
                < 0.75 => ("failed", "failed"),
                < 0.85 => ("timed_out", "never"),
                < 0.95 => ("invalid", "unknown"),
                _ => ("cancelled", "never"),
            };
            // Created when it is enqueued would be better, but the simulator counts from creation: add the wait to the run.
            var task = (await bed.Simulator.CreateTasksAsync(1, delay + at, outcome, ct))[0];
            var deadline = fate == "timed_out" ? plan.DeadlineMin + (plan.DeadlineMax - plan.DeadlineMin) * random.NextDouble() : (TimeSpan?)null;
            var cancelAt = fate == "cancelled" ? at + TimeSpan.FromSeconds(2) + plan.CancelMax * random.NextDouble() : (TimeSpan?)null;
            fated.Add(new Fated(task.TaskId, fate, at, deadline is { } d ? DateTimeOffset.UtcNow + d : null, cancelAt));
        }
        return fated;
    }

    private static async Task EnqueueAsync(Testbed bed, IReadOnlyList<Fated> fated, DateTimeOffset began, CancellationToken ct)
    {
        foreach (var task in fated)
        {
            var wait = began + task.At - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            await WithRetryAsync(async () =>
            {
                await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
                await connection.ExecuteAsync(new CommandDefinition(
                    "SELECT clb.enqueue_task(task_id => @id, region => 'ap-guangzhou', deadline => @deadline)",
                    new { id = task.TaskId, deadline = task.Deadline }, cancellationToken: ct));
            }, ct);
        }
    }

    private static async Task CancelAsync(Testbed bed, IReadOnlyList<Fated> fated, DateTimeOffset began, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkerNode.ApiKey);
        foreach (var task in fated.Where(f => f.CancelAt is not null).OrderBy(f => f.CancelAt))
        {
            var wait = began + task.CancelAt!.Value - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            await WithRetryAsync(async () =>
            {
                await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT id FROM clb.tasks WHERE task_id = @id", new { id = task.TaskId }, cancellationToken: ct));
                // Any live worker will do; one that is being restarted refuses the connection and the next is tried.
                foreach (var worker in bed.Workers.OrderBy(_ => Random.Shared.Next()))
                {
                    try
                    {
                        using var answer = await http.PostAsync($"{worker.BaseAddress}/api/tasks/{id}/cancel", null, ct);
                        if (answer.IsSuccessStatusCode || (int)answer.StatusCode == 409)
                            return;
                    }
                    catch (HttpRequestException)
                    {
                    }
                }
                throw new HttpRequestException("no worker accepted the cancel");
            }, ct);
        }
    }

    private static async Task<Dictionary<string, (string State, DateTimeOffset? CompletedAt)>> StatesAsync(Testbed bed, CancellationToken ct)
    {
        Dictionary<string, (string, DateTimeOffset?)> states = [];
        await WithRetryAsync(async () =>
        {
            await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
            var rows = await connection.QueryAsync<(string TaskId, string State, DateTime? CompletedAt)>(
                new CommandDefinition("SELECT task_id, state, completed_at FROM clb.tasks", cancellationToken: ct));
            states = rows.ToDictionary(r => r.TaskId, r => (r.State, r.CompletedAt is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : (DateTimeOffset?)null));
        }, ct);
        return states;
    }

    // The database may be restarting: harness-side work waits for it like any client would.
    private static async Task WithRetryAsync(Func<Task> action, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception error) when (attempt < 60 && error is NpgsqlException or HttpRequestException or TimeoutException or IOException)
            {
                await Task.Delay(500, ct);
            }
        }
    }
}
