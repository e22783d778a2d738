using System.Diagnostics;
using System.Net.Http.Headers;
using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;
using Dapper;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>A thousand requests waiting on one process for tasks that another writer makes final.</summary>
public sealed class WaitersScenario : IScenario
{
    private const int CommitSize = 50;

    public string Name => "waiters";
    public string Title => "1,000 long-poll waiters on one process, woken by commits of another writer";
    public int DefaultRuns => 3;

    public string Description => """
        One ClbWorker process serves `GET /api/tasks/{id}?wait=PT60S` for 1,000 tasks at once; nothing polls them (they
        are due in a day). The harness then makes them final itself, 50 per commit, as another process or an operator's
        `UPDATE` would. **Timed by the harness**: from sending each commit to each answer of its tasks arriving. **Counted
        in the database** (`pg_stat_activity`): the worker's connections before the requests and while they all wait.
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("wake-p50", "wake-up after the commit, median", "ms", Decimals: 1),
        new("wake-p99", "wake-up after the commit, p99", "ms", Target.Max(100), Decimals: 1),
        new("waiters", "waiters served at once by one process", "", Decimals: 0),
        new("extra-connections", "database connections added by the waiters", "", Target.Max(1), Decimals: 0),
        new("missed", "waiters answered without the final state", "", Target.Max(0), Invariant: true, Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var count = context.Quick ? 200 : 1000;
        if (context.Run == 0)
            notes.Add($"{count:N0} waiters; the tasks are made final {CommitSize} per commit.");
        foreach (var build in context.Builds.ForRun(context.Run))
        {
            context.Log($"{build.Label}: {count} waiters");
            await using var bed = await Testbed.StartAsync(context, Credential.Make(1), 20, 20, withReceiver: false, ct);
            await bed.StartWorkersAsync(build, 1, null, ct);
            var ids = await InsertAsync(bed, count, ct);
            var before = await ConnectionsAsync(bed, ct);

            using var http = new HttpClient { BaseAddress = new Uri(bed.Workers[0].BaseAddress), Timeout = TimeSpan.FromSeconds(90) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WorkerNode.ApiKey);
            var clock = Stopwatch.StartNew();
            var answered = new double[count];
            var states = new string?[count];
            var waiting = ids.Select((id, i) => WaitAsync(http, id, i)).ToList();
            async Task WaitAsync(HttpClient client, long id, int i)
            {
                var body = await client.GetStringAsync($"/api/tasks/{id}?wait=PT60S", ct);
                answered[i] = clock.Elapsed.TotalMilliseconds;
                states[i] = body.Contains("\"state\":\"succeeded\"", StringComparison.Ordinal) ? "succeeded" : "other";
            }
            // A moment for every request to reach the worker and start waiting.
            await Task.Delay(TimeSpan.FromSeconds(context.Quick ? 3 : 5), ct);
            var during = await ConnectionsAsync(bed, ct);

            var committed = new double[count];
            await using (var connection = await bed.DataSource.OpenConnectionAsync(ct))
            {
                for (var start = 0; start < count; start += CommitSize)
                {
                    var chunk = ids.Skip(start).Take(CommitSize).ToArray();
                    var at = clock.Elapsed.TotalMilliseconds;
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE clb.tasks SET state = 'succeeded', last_status = 0, completed_at = now() WHERE id = ANY(@chunk)",
                        new { chunk }, cancellationToken: ct));
                    for (var i = start; i < start + chunk.Length; i++)
                        committed[i] = at;
                    await Task.Delay(20, ct);
                }
            }
            await Task.WhenAll(waiting);

            var wake = Percentiles.Sorted(answered.Select((a, i) => a - committed[i]));
            record.Add("wake-p50", build.Label, Percentiles.Of(wake, 50));
            record.Add("wake-p99", build.Label, Percentiles.Of(wake, 99));
            record.Add("waiters", build.Label, count);
            record.Add("extra-connections", build.Label, during - before);
            record.Add("missed", build.Label, states.Count(s => s != "succeeded"));
            context.Log($"{build.Label}: wake-up p50 {Percentiles.Of(wake, 50):0.0} ms, p99 {Percentiles.Of(wake, 99):0.0} ms, connections {before} → {during}");
        }
    }

    private static async Task<long[]> InsertAsync(Testbed bed, int count, CancellationToken ct)
    {
        await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
        return [.. await connection.QueryAsync<long>(new CommandDefinition("""
            INSERT INTO clb.tasks (task_id, region, next_poll_at)
            SELECT 'waiter-' || g, 'ap-guangzhou', now() + interval '1 day' FROM generate_series(1, @count) g
            RETURNING id
            """, new { count }, cancellationToken: ct))];
    }

    // The worker's connections: everything on the run's database but the harness's own.
    private static async Task<long> ConnectionsAsync(Testbed bed, CancellationToken ct)
    {
        await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'ClbWorker'", cancellationToken: ct));
    }
}
