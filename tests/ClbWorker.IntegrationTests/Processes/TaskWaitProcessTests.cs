using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// Long-poll waiters served by worker processes and woken by the database's NOTIFY: many waiters on one connection, and a
/// waiter on another process than the one that wrote the result. Also the measurement behind the benchmark row "waiter
/// wake-up latency": run alone with <c>dotnet test tests/ClbWorker.IntegrationTests --filter "FullyQualifiedName~TaskWaitProcessTests"
/// --logger "console;verbosity=detailed"</c>; the figures are in the test output.
/// </summary>
public sealed class TaskWaitProcessTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private const int Waiters = 1000;
    private const int Chunk = 50;
    private const string ApplicationName = "clb-waiters";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task A_thousand_waiters_on_one_process_add_no_database_connection_and_are_woken_by_the_commits_notify()
    {
        var worker = Bed.StartWorker("waiter", overrides: new Dictionary<string, string?>
        {
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(Bed.ConnectionString) { ApplicationName = ApplicationName }.ConnectionString,
        });
        var address = await worker.ListeningAddressAsync();
        await worker.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60));
        var ids = await InsertDueLaterAsync(Waiters);
        using var client = Client(address);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var before = await ConnectionsAsync(TimeSpan.FromSeconds(2));

        var answered = new DateTimeOffset[Waiters];
        var clock = Stopwatch.StartNew();
        var waits = ids.Select((id, i) => Task.Run(async () =>
        {
            using var response = await client.GetAsync($"/api/tasks/{id}?wait=PT60S", Ct);
            var task = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            answered[i] = DateTimeOffset.UtcNow;
            return (Final: response.Headers.GetValues("ClbWorker-Task-Final").Single(), State: task.GetProperty("state").GetString());
        }, Ct)).ToList();
        await Eventually.ReturnsAsync(() => PrometheusText.ReadSumAsync(client, "clb_task_waiters"), n => n >= Waiters, TimeSpan.FromSeconds(60), $"{Waiters} requests waiting");
        var during = await ConnectionsAsync(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(waits, w => w.IsCompleted);

        // Made final by this process (not the worker), a chunk per commit, as a batch of poll results would be.
        var committed = new DateTimeOffset[Waiters];
        await using (var connection = new NpgsqlConnection(Bed.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            for (var start = 0; start < Waiters; start += Chunk)
            {
                var chunk = ids[start..(start + Chunk)];
                var sent = DateTimeOffset.UtcNow;
                await connection.ExecuteAsync("UPDATE clb.tasks SET state = 'succeeded', last_status = 0, completed_at = now() WHERE id = ANY(@chunk)", new { chunk });
                for (var i = start; i < start + Chunk; i++)
                    committed[i] = sent;
                await Task.Delay(100, Ct);
            }
        }
        var results = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(60), Ct);

        var latencies = answered.Zip(committed, (a, c) => (a - c).TotalMilliseconds).Order().ToList();
        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"waiter wake-up latency, from sending the commit to the answer arriving ({Waiters} waiters on one process, {Waiters / Chunk} commits of {Chunk}): "
            + $"p50 {Percentile(latencies, 0.50):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms (target: p99 within 100 ms)"));
        ProcessTestBed.Report($"worker connections by pg_stat_activity: at most {before} before the waiters, at most {during} while {Waiters} waited");
        Assert.All(results, r => Assert.Equal(("true", "succeeded"), (r.Final, r.State)));
        Assert.True(during <= before + 1, $"{Waiters} waiters hold at most one more connection: {before} before, {during} during");
        // Woken by the notification, long before any wait ran out.
        Assert.True(latencies[^1] < 10_000, $"slowest answer {latencies[^1]} ms after its commit");
    }

    [Fact(Timeout = 300_000)]
    public async Task A_waiter_on_another_process_than_the_one_that_polled_the_result_is_woken_too()
    {
        var first = Bed.StartWorker("worker-a");
        var second = Bed.StartWorker("worker-b");
        var addresses = new[] { await first.ListeningAddressAsync(), await second.ListeningAddressAsync() };
        await first.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60));
        await second.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60));
        var taskIds = await Bed.Simulator.CreateTasksAsync(10, TimeSpan.FromSeconds(4), "succeeded");
        await Bed.Tasks.EnqueueAsync(taskIds);
        var rows = await Bed.Tasks.RowsAsync(taskIds);
        var clients = addresses.Select(Client).ToList();

        // Every task is waited for on both processes: whichever wrote its result, one of its waiters is on the other.
        var waits = rows.SelectMany(row => clients.Select(async client =>
        {
            using var response = await client.GetAsync($"/api/tasks/{row.Id}?wait=PT60S", Ct);
            var at = DateTime.UtcNow;
            return (Final: response.Headers.GetValues("ClbWorker-Task-Final").Single(),
                State: (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("state").GetString(), At: at, row.Id);
        })).ToList();
        var results = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(90), Ct);
        foreach (var client in clients)
            client.Dispose();

        var finished = (await Bed.Tasks.RowsAsync(taskIds)).ToDictionary(r => r.Id, r => r.CompletedAt!.Value);
        var lags = results.Select(r => (r.At - finished[r.Id]).TotalMilliseconds).Order().ToList();
        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"two processes, {results.Length} waiters: answer after completed_at p50 {Percentile(lags, 0.5):F0} ms, max {lags[^1]:F0} ms"));
        Assert.All(results, r => Assert.Equal(("true", "succeeded"), (r.Final, r.State)));
        Assert.True(lags[^1] < 5_000, $"every waiter answered within 5 s of the result, the slowest after {lags[^1]} ms");
    }

    private static HttpClient Client(Uri address)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Waiters + 100 })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Authorization = TestApiKeys.Bearer(TestApiKeys.Reader);
        return client;
    }

    /// <summary>The most connections the worker had open at once, sampled every 100 ms for <paramref name="span"/>.</summary>
    private async Task<long> ConnectionsAsync(TimeSpan span)
    {
        await using var connection = new NpgsqlConnection(Bed.ConnectionString);
        await connection.OpenAsync(Ct);
        long most = 0;
        for (var until = DateTime.UtcNow + span; DateTime.UtcNow < until; await Task.Delay(100, Ct))
        {
            most = Math.Max(most, await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = @ApplicationName", new { ApplicationName }));
        }
        return most;
    }

    private async Task<long[]> InsertDueLaterAsync(int count)
    {
        await using var connection = new NpgsqlConnection(Bed.ConnectionString);
        return [.. await connection.QueryAsync<long>("""
            INSERT INTO clb.tasks (task_id, region, next_poll_at)
            SELECT 'waiter-' || i, 'ap-guangzhou', now() + interval '1 hour' FROM generate_series(1, @count) i
            ORDER BY i
            RETURNING id
            """, new { count })];
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
