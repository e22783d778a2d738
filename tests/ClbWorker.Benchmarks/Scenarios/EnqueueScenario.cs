using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;
using Dapper;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>How fast producers can hand tasks over: by SQL, and over the HTTP API.</summary>
public sealed class EnqueueScenario : IScenario
{
    public string Name => "enqueue";
    public string Title => "tasks/s by multi-row SQL INSERT, clb.enqueue_task, single API creates and API batches";
    public int DefaultRuns => 3;

    public string Description => """
        The harness is the producer, timing each way of enqueueing from the first call to the last answer, and then
        **counting in the database** that every task is there exactly once: a multi-row `INSERT INTO clb.tasks` (1,000
        rows per statement, one connection), `clb.enqueue_task` calls (4 connections side by side), single
        `POST /api/tasks` (8 clients side by side) and `POST /api/tasks/batch` with 1,000 tasks each (2 clients side by
        side), against one ClbWorker process on a fresh database (its polling idles on a 1 request/s budget meanwhile).
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("sql", "multi-row SQL INSERT", "tasks/s", Target.Min(20_000), Decimals: 0),
        new("function", "clb.enqueue_task calls", "tasks/s", Decimals: 0),
        new("api", "single API creates", "tasks/s", Decimals: 0),
        new("batch", "API batches of 1,000", "tasks/s", Target.Min(5_000), Decimals: 0),
        new("lost", "tasks missing or doubled afterwards", "", Target.Max(0), Invariant: true, Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var sizes = context.Quick ? (Sql: 10_000, Function: 1_000, Api: 300, Batches: 3) : (Sql: 100_000, Function: 10_000, Api: 2_000, Batches: 20);
        if (context.Run == 0)
            notes.Add($"{sizes.Sql:N0} tasks by INSERT, {sizes.Function:N0} by clb.enqueue_task, {sizes.Api:N0} single API creates, {sizes.Batches} batches of 1,000.");
        foreach (var build in context.Builds.ForRun(context.Run))
        {
            context.Log($"{build.Label}: enqueueing");
            await using var bed = await Testbed.StartAsync(context, Credential.Make(1), 1, 20, withReceiver: false, ct);
            await bed.StartWorkersAsync(build, 1, null, ct);
            var label = build.Label;
            var run = Guid.NewGuid().ToString("N")[..8];
            string Id(string way, int i) => $"enq-{run}-{way}-{i}";

            var tasks = new TaskTable(bed.DataSource);
            record.Add("sql", label, await RateAsync(sizes.Sql, () =>
                tasks.InsertAsync([.. Enumerable.Range(0, sizes.Sql).Select(i => (Id("sql", i), "default"))], ct)));

            record.Add("function", label, await RateAsync(sizes.Function, () =>
                Parallel.ForEachAsync(Enumerable.Range(0, 4), ct, async (lane, token) =>
                {
                    await using var connection = await bed.DataSource.OpenConnectionAsync(token);
                    for (var i = lane; i < sizes.Function; i += 4)
                    {
                        await connection.ExecuteAsync(new CommandDefinition(
                            "SELECT clb.enqueue_task(task_id => @id, region => 'ap-guangzhou')", new { id = Id("fn", i) }, cancellationToken: token));
                    }
                })));

            using var http = new HttpClient { BaseAddress = new Uri(bed.Workers[0].BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkerNode.ApiKey);
            record.Add("api", label, await RateAsync(sizes.Api, () =>
                Parallel.ForEachAsync(Enumerable.Range(0, sizes.Api), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct },
                    async (i, token) =>
                    {
                        using var answer = await http.PostAsJsonAsync("/api/tasks", new { taskId = Id("api", i), region = "ap-guangzhou" }, token);
                        await EnsureAsync(answer, token);
                    })));

            record.Add("batch", label, await RateAsync(sizes.Batches * 1000, () =>
                Parallel.ForEachAsync(Enumerable.Range(0, sizes.Batches), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
                    async (b, token) =>
                    {
                        var items = Enumerable.Range(0, 1000).Select(i => new { taskId = Id("batch", b * 1000 + i), region = "ap-guangzhou" }).ToArray();
                        using var answer = await http.PostAsJsonAsync("/api/tasks/batch", new { tasks = items }, token);
                        await EnsureAsync(answer, token);
                    })));

            var states = await tasks.StatesAsync(ct);
            var expected = sizes.Sql + sizes.Function + sizes.Api + sizes.Batches * 1000;
            var ours = states.Keys.Count(k => k.StartsWith($"enq-{run}-", StringComparison.Ordinal));
            record.Add("lost", label, Math.Abs(expected - ours));
            context.Log($"{label}: INSERT {record.Get("sql", label):0}/s, function {record.Get("function", label):0}/s, API {record.Get("api", label):0}/s, batches {record.Get("batch", label):0}/s");
        }
    }

    private static async Task<double> RateAsync(int count, Func<Task> enqueue)
    {
        var clock = Stopwatch.StartNew();
        await enqueue();
        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task EnsureAsync(HttpResponseMessage answer, CancellationToken ct)
    {
        if (!answer.IsSuccessStatusCode)
            throw new HarnessException($"The API answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(ct)}");
    }
}
