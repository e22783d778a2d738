using System.Globalization;
using ClbWorker.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>Every worker process polls and delivers for as long as it runs, each from a recurring job on its own queue.</summary>
public sealed class EveryProcessWorksTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private const int Tasks = 400;

    [Fact(Timeout = 180_000)]
    public async Task Each_of_three_processes_runs_its_own_jobs_and_sends_its_share_and_a_graceful_stop_removes_them()
    {
        ChildProcess[] workers = [Bed.StartWorker("worker-1"), Bed.StartWorker("worker-2"), Bed.StartWorker("worker-3")];
        await Task.WhenAll(workers.Select(w => w.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60))));
        var jobs = await RecurringJobIdsAsync();
        var ids = await Bed.Simulator.CreateTasksAsync(Tasks, TimeSpan.Zero, "succeeded");
        await Bed.Tasks.EnqueueAsync(ids);

        await new DrainWatch(Bed).UntilFinalAsync(Tasks, TimeSpan.FromSeconds(90));
        // A polling run logs its counts when it ends, so stop them all gracefully before reading their logs.
        await Task.WhenAll(workers.Select(w => w.TerminateAsync(TimeSpan.FromSeconds(15))));

        var sent = workers.Select(WorkerLog.Sent).ToList();
        ProcessTestBed.Report(string.Create(CultureInfo.InvariantCulture,
            $"requests sent per process: {string.Join(" / ", sent)}; recurring jobs: {string.Join(", ", jobs)}"));
        Assert.Equal(3, jobs.Count(j => j.StartsWith("clb-poll:clb-", StringComparison.Ordinal)));
        Assert.Equal(3, jobs.Count(j => j.StartsWith("clb-webhooks:clb-", StringComparison.Ordinal)));
        Assert.All(sent, s => Assert.True(s >= 0.1 * sent.Sum(), $"a process sent {s} of {sent.Sum()} requests"));
        Assert.Equal(Tasks, (await Bed.Tasks.RowsAsync()).Count(r => r.State == "succeeded"));
        Assert.DoesNotContain(await RecurringJobIdsAsync(), j => j.StartsWith("clb-poll:", StringComparison.Ordinal) || j.StartsWith("clb-webhooks:", StringComparison.Ordinal));
    }

    private async Task<List<string>> RecurringJobIdsAsync()
    {
        await using var connection = new NpgsqlConnection(Bed.ConnectionString);
        return (await connection.QueryAsync<string>("SELECT value FROM hangfire.set WHERE key = 'recurring-jobs' ORDER BY value")).AsList();
    }
}
