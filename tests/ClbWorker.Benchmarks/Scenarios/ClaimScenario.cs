using ClbWorker.Benchmarks.Hosting;
using ClbWorker.Benchmarks.Observation;
using ClbWorker.Benchmarks.Reporting;
using Dapper;

namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>Claims against a million pending rows, half of them due tasks of a paused account.</summary>
public sealed class ClaimScenario : IScenario
{
    private const int Accounts = 50;
    private const int Limit = 20;

    public string Name => "claim";
    public string Title => "claims with 1,000,000 pending rows, 500,000 of them due and of one paused account";
    public int DefaultRuns => 3;

    public string Description => """
        The database holds 1,000,000 pending tasks: 500,000 of an account that is paused (Tencent refused its key), 50
        other accounts with 1,000 due, running tasks each (polled at 20/s per account), and the rest not due. One ClbWorker
        process polls in three phases: with the paused backlog not yet due, with it due, and idle (only the paused
        backlog due). **Timed by PostgreSQL itself**: with `log_min_duration_statement = 0` for the database, the server
        log gives the execute time of every claim (`SKIP LOCKED` on clb.tasks) and of every round's query for
        the groups with due work (a `GROUP BY` over due tasks before the one queue engine, a skip scan (`WITH RECURSIVE`)
        since); **CPU of every PostgreSQL process from `/proc`** gives what the worker's rounds cost the server. A round's cost should not depend on the paused backlog: the ratios compare
        the phases with and without it.
        """;

    public IReadOnlyList<Figure> Figures { get; } =
    [
        new("claim-p50", "claim execute time, median", "ms", Decimals: 2),
        new("claim-p99", "claim execute time, p99", "ms", Target.Max(10), Decimals: 2),
        new("sample-p50", "due-groups query, median", "ms", Decimals: 2),
        new("sample-p99", "due-groups query, p99", "ms", Decimals: 2),
        new("sample-ratio", "due-groups query median, backlog due ÷ not due", "", Target.Max(1.2), Decimals: 2),
        new("cpu-busy", "PostgreSQL CPU while polling 50 accounts", "core %", Decimals: 1),
        new("cpu-ratio", "PostgreSQL CPU, backlog due ÷ not due", "", Target.Max(1.2), Decimals: 2),
        new("cpu-idle", "PostgreSQL CPU for one idle worker, backlog due", "s per 30 s", Decimals: 2),
        new("rows", "pending rows", "", Decimals: 0),
    ];

    public async Task RunAsync(ScenarioContext context, RunRecord record, ICollection<string> notes, CancellationToken ct)
    {
        var paused = context.Quick ? 25_000 : 500_000;
        var total = context.Quick ? 50_000 : 1_000_000;
        var perAccount = context.Quick ? 100 : 1_000;
        var window = TimeSpan.FromSeconds(context.Quick ? 5 : 30);
        if (!context.Database.IsOwned)
        {
            if (context.Run == 0)
                notes.Add("Not measured: the database came from ConnectionStrings__Postgres, whose server log and processes the harness cannot read.");
            return;
        }
        if (context.Run == 0)
            notes.Add($"{total:N0} pending rows ({paused:N0} paused, {Accounts} × {perAccount:N0} due and running); each phase measured for {window.TotalSeconds:0} s after a 5 s warm-up.");

        foreach (var build in context.Builds.ForRun(context.Run))
        {
            var accounts = Credential.Make(Accounts + 1);
            await using var bed = await Testbed.StartAsync(context, accounts, Limit, Limit, withReceiver: false, ct);
            context.Log($"{build.Label}: seeding {total:N0} rows");
            var running = await bed.Simulator.CreateTasksAsync(Accounts * perAccount, TimeSpan.Zero, "never", ct);
            // The schema comes from the build's own migrations: start a worker once so it applies them, then seed.
            await bed.StartWorkersAsync(build, 1, null, ct);
            await bed.Workers[0].DisposeAsync();
            await SeedAsync(bed, accounts, running, paused, total, ct);

            var label = build.Label;
            context.Log($"{label}: backlog not due");
            var notDue = await MeasurePhaseAsync(context, bed, build, window, ct);
            await ExecuteAsync(bed, "UPDATE clb.tasks SET next_poll_at = now() - interval '1 minute' WHERE account = 'default'", ct);
            await ExecuteAsync(bed, "VACUUM ANALYZE clb.tasks", ct);
            context.Log($"{label}: backlog due");
            var due = await MeasurePhaseAsync(context, bed, build, window, ct);
            await ExecuteAsync(bed, "UPDATE clb.tasks SET next_poll_at = now() + interval '1 day' WHERE account <> 'default'", ct);
            await ExecuteAsync(bed, "VACUUM ANALYZE clb.tasks", ct);
            context.Log($"{label}: idle, backlog due");
            var idle = await MeasurePhaseAsync(context, bed, build, window, ct);

            record.Add("claim-p50", label, Percentiles.Of(due.Claims, 50));
            record.Add("claim-p99", label, Percentiles.Of(due.Claims, 99));
            record.Add("sample-p50", label, Percentiles.Of(due.Samples, 50));
            record.Add("sample-p99", label, Percentiles.Of(due.Samples, 99));
            record.Add("sample-ratio", label, Percentiles.Of(due.Samples, 50) / Percentiles.Of(notDue.Samples, 50));
            record.Add("cpu-busy", label, due.CpuPerSecond * 100);
            record.Add("cpu-ratio", label, due.CpuPerSecond / notDue.CpuPerSecond);
            record.Add("cpu-idle", label, idle.CpuPerSecond * 30);
            record.Add("rows", label, total);
            context.Log($"{label}: claim p99 {Percentiles.Of(due.Claims, 99):0.00} ms, sample {Percentiles.Of(notDue.Samples, 50):0.00} → {Percentiles.Of(due.Samples, 50):0.00} ms, " +
                        $"PostgreSQL CPU {notDue.CpuPerSecond * 100:0} → {due.CpuPerSecond * 100:0} %, idle {idle.CpuPerSecond * 30:0.00} s/30 s");
        }
    }

    private sealed record Phase(double[] Claims, double[] Samples, double CpuPerSecond);

    private static async Task<Phase> MeasurePhaseAsync(ScenarioContext context, Testbed bed, WorkerBuild build, TimeSpan window, CancellationToken ct)
    {
        await bed.StartWorkersAsync(build, 1, null, ct);
        var worker = bed.Workers[^1];
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var log = context.Database.ServerLog!;
        var mark = ServerLogStatements.EndOf(log);
        var postmaster = context.Database.PostmasterPid() ?? throw new HarnessException("The PostgreSQL cluster has no postmaster.pid.");
        var cpuBefore = PostgresMeter.CpuSeconds(postmaster);
        var started = DateTimeOffset.UtcNow;
        await Task.Delay(window, ct);
        var cpu = (PostgresMeter.CpuSeconds(postmaster) - cpuBefore) / (DateTimeOffset.UtcNow - started).TotalSeconds;
        await worker.DisposeAsync();
        var statements = ServerLogStatements.ReadFrom(log, mark).Where(s => s.Sql.Contains("clb.tasks", StringComparison.Ordinal)).ToList();
        // "FOR UPDATE SKIP LOCKED" before the one queue engine, "FOR UPDATE OF t SKIP LOCKED" since.
        var claims = statements.Where(s => s.Sql.Contains("SKIP LOCKED", StringComparison.Ordinal) && s.Sql.Contains("UPDATE clb.tasks", StringComparison.Ordinal));
        // The round's query for the groups with due work: a GROUP BY over a sample of due rows, or (since the one queue
        // engine) a skip scan over the groups.
        var samples = statements.Where(s => s.Sql.Contains("GROUP BY", StringComparison.Ordinal) || s.Sql.Contains("WITH RECURSIVE", StringComparison.Ordinal));
        return new Phase(Percentiles.Sorted(claims.Select(s => s.Milliseconds)), Percentiles.Sorted(samples.Select(s => s.Milliseconds)), cpu);
    }

    private static async Task SeedAsync(Testbed bed, IReadOnlyList<Credential> accounts, IReadOnlyList<SimulatorNode.SimulatedTask> running, int paused,
        int total, CancellationToken ct)
    {
        var others = accounts.Skip(1).Select(a => a.Account).ToArray();
        await new TaskTable(bed.DataSource).InsertAsync([.. running.Select((t, i) => (t.TaskId, others[i % others.Length]))], ct);
        await ExecuteAsync(bed, """
            INSERT INTO clb.tasks (task_id, region, account, next_poll_at)
            SELECT 'claim-paused-' || g, 'ap-guangzhou', 'default', now() + interval '1 day' FROM generate_series(1, @paused) g
            """, ct, new { paused });
        await ExecuteAsync(bed, """
            INSERT INTO clb.tasks (task_id, region, account, next_poll_at)
            SELECT 'claim-later-' || g, 'ap-guangzhou', (@others)[1 + g % cardinality(@others)], now() + interval '1 day'
            FROM generate_series(1, @rest) g
            """, ct, new { others, rest = total - paused - running.Count });
        await ExecuteAsync(bed, """
            INSERT INTO clb.account_pauses (account, reason, error_code, error_message, paused_at, retry_at)
            VALUES ('default', 'credentials', 'AuthFailure.SecretIdNotFound', 'paused by the benchmark', now(), now() + interval '1 day')
            """, ct);
        await ExecuteAsync(bed, "VACUUM ANALYZE clb.tasks", ct);
        await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
        var database = connection.Database;
        await connection.ExecuteAsync($"ALTER DATABASE \"{database}\" SET log_min_duration_statement = 0");
    }

    private static async Task ExecuteAsync(Testbed bed, string sql, CancellationToken ct, object? parameters = null)
    {
        await using var connection = await bed.DataSource.OpenConnectionAsync(ct);
        // The UPDATE triggers of clb.tasks join a statement's old and new rows, by nested loop when the planner is free to
        // (hours for 500,000 rows); the session's setting reaches them. Only the harness's bulk setup runs this way.
        await connection.ExecuteAsync("SET enable_nestloop = off");
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, commandTimeout: 600, cancellationToken: ct));
    }
}
