using System.Net.Http.Json;
using System.Text.Json;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// The <c>clbworker</c> command line against a real worker process polling the simulator: the exit code of each way a task
/// can end, and how it answers wrong flags, an unreachable server and a refused key.
/// </summary>
public sealed class CliProcessTests(MigratedDatabase database) : ProcessTestClass(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 300_000)]
    public async Task The_exit_code_tells_each_final_state_and_a_task_still_pending_at_the_timeout()
    {
        var worker = Bed.StartWorker("worker");
        var url = await worker.ListeningAddressAsync();
        await worker.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60));
        var succeeding = (await Bed.Simulator.CreateTasksAsync(1, TimeSpan.FromSeconds(2), "succeeded")).Single();
        var failing = (await Bed.Simulator.CreateTasksAsync(1, TimeSpan.FromSeconds(2), "failed")).Single();
        var running = await Bed.Simulator.CreateTasksAsync(3, TimeSpan.FromHours(1), "succeeded");
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = TestApiKeys.Bearer(TestApiKeys.Admin);
        var watch = CliProcess.Start(url, ["watch", "--task-id", succeeding], name: "watch");
        await Eventually.ReturnsAsync(() => PrometheusText.ReadSumAsync(http, "clb_event_streams"), n => n >= 1, TimeSpan.FromSeconds(30),
            "the watch command's stream open");

        var succeeded = CliProcess.RunAsync(url, "enqueue", "--task-id", succeeding, "--region", "ap-guangzhou", "--wait", "--timeout", "PT60S");
        var enqueued = await CliProcess.RunAsync(url, "enqueue", "--task-id", failing, "--region", "ap-guangzhou", "--metadata", "{\"change\":\"cli test\"}");
        var failed = CliProcess.RunAsync(url, "wait", "--task-id", failing, "--region", "ap-guangzhou");
        var timedOut = CliProcess.RunAsync(url, "enqueue", "--task-id", running[0], "--region", "ap-guangzhou", "--deadline", "PT3S", "--wait");
        var invalid = CliProcess.RunAsync(url, "--output", "json", "enqueue", "--task-id", "no-such-task-" + Guid.NewGuid().ToString("N"), "--region", "ap-guangzhou", "--wait");
        var pendingRun = await CliProcess.RunAsync(url, "-o", "json", "enqueue", "--task-id", running[1], "--region", "ap-guangzhou");
        var pendingId = JsonDocument.Parse(pendingRun.Out).RootElement.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stillPending = CliProcess.RunAsync(url, "wait", pendingId, "--timeout", "PT3S");
        Assert.Equal(0, enqueued.ExitCode);
        Assert.StartsWith("enqueued task ", enqueued.Out, StringComparison.Ordinal);
        Assert.Equal(0, pendingRun.ExitCode);
        var results = new Dictionary<string, (int ExitCode, string Out, string Error)>
        {
            ["succeeded"] = await succeeded, ["failed"] = await failed, ["timed_out"] = await timedOut, ["invalid"] = await invalid,
            ["pending"] = await stillPending,
        };
        // The others have ended, so the one wait open is this one: the task is cancelled while it waits.
        var cancelRun = await CliProcess.RunAsync(url, "-o", "json", "enqueue", "--task-id", running[2], "--region", "ap-guangzhou");
        var cancelId = JsonDocument.Parse(cancelRun.Out).RootElement.GetProperty("id").GetInt64();
        var cancelled = CliProcess.RunAsync(url, "wait", cancelId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Eventually.ReturnsAsync(() => PrometheusText.ReadSumAsync(http, "clb_task_waiters"), n => n >= 1, TimeSpan.FromSeconds(30),
            "the wait on the task to cancel open");
        using (var cancel = await http.PostAsync($"/api/tasks/{cancelId}/cancel", null, Ct))
            cancel.EnsureSuccessStatusCode();
        results["cancelled"] = await cancelled;
        foreach (var (state, result) in results)
            ProcessTestBed.Report($"{state}: exit {result.ExitCode}: {result.Out} {result.Error}");
        Assert.Equal(0, results["succeeded"].ExitCode);
        Assert.Contains(" succeeded: taskId " + succeeding, results["succeeded"].Out, StringComparison.Ordinal);
        Assert.Equal(1, results["failed"].ExitCode);
        Assert.Contains(" failed: ", results["failed"].Out, StringComparison.Ordinal);
        Assert.Equal(2, results["timed_out"].ExitCode);
        Assert.Contains(" timed_out: ", results["timed_out"].Out, StringComparison.Ordinal);
        Assert.Equal(2, results["invalid"].ExitCode);
        Assert.Equal("invalid", JsonDocument.Parse(results["invalid"].Out).RootElement.GetProperty("state").GetString());
        Assert.Equal(3, results["pending"].ExitCode);
        Assert.Contains(" pending: ", results["pending"].Out, StringComparison.Ordinal);
        Assert.Equal(2, results["cancelled"].ExitCode);
        Assert.Contains(" cancelled: ", results["cancelled"].Out, StringComparison.Ordinal);
        Assert.All(results.Values, r => Assert.Equal("", r.Error));

        var status = await CliProcess.RunAsync(url, "status", "--task-id", succeeding, "--region", "ap-guangzhou");
        Assert.Equal(0, status.ExitCode);
        var line = await watch.WaitForLineAsync("task.succeeded", TimeSpan.FromSeconds(10));
        Assert.Contains($"taskId {succeeding}", line.Text, StringComparison.Ordinal);
        await watch.DisposeAsync();
    }

    [Fact(Timeout = 300_000)]
    public async Task Wrong_flags_are_usage_errors_and_an_unreachable_server_or_refused_key_is_69_without_printing_the_key()
    {
        var worker = Bed.StartWorker("worker");
        var url = await worker.ListeningAddressAsync();

        var bogus = await CliProcess.RunAsync(url, "wait", "--bogus");
        var neither = await CliProcess.RunAsync(url, "wait");
        var badTimeout = await CliProcess.RunAsync(url, "wait", "42", "--timeout", "ten minutes");
        var missing = await CliProcess.RunAsync(url, "status", "999999999");
        var badRegion = await CliProcess.RunAsync(url, "enqueue", "--task-id", "t-1", "--region", "Guangzhou");
        var unreachable = await CliProcess.RunAsync(new Uri("http://127.0.0.1:1"), "status", "1");
        const string wrongKey = "not-the-key-but-long-enough-0123456789";
        var refused = await CliProcess.RunAsync(CliProcess.Start(url, ["status", "1", "--verbose"], wrongKey));
        var reader = await CliProcess.RunAsync(CliProcess.Start(url, ["enqueue", "--task-id", "t-2", "--region", "ap-guangzhou", "-v"], TestApiKeys.Reader));

        foreach (var usage in new[] { bogus, neither, badTimeout })
        {
            Assert.Equal(64, usage.ExitCode);
            Assert.Contains("Usage:", usage.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", usage.Error, StringComparison.Ordinal);
        }
        Assert.Contains("--timeout 'ten minutes' is not an ISO 8601 duration", badTimeout.Error, StringComparison.Ordinal);
        Assert.Equal(64, missing.ExitCode);
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);
        Assert.Equal(64, badRegion.ExitCode);
        Assert.Contains("region", badRegion.Error, StringComparison.Ordinal);
        Assert.Equal(69, unreachable.ExitCode);
        Assert.Contains("cannot be reached", unreachable.Error, StringComparison.Ordinal);
        Assert.Equal(69, refused.ExitCode);
        Assert.Contains("refused the API key (401)", refused.Error, StringComparison.Ordinal);
        Assert.Contains("GET ", refused.Error, StringComparison.Ordinal);
        Assert.Equal(69, reader.ExitCode);
        Assert.Contains("(403)", reader.Error, StringComparison.Ordinal);
        foreach (var run in new[] { refused, reader })
        {
            Assert.DoesNotContain(wrongKey, run.Out + run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(TestApiKeys.Reader, run.Out + run.Error, StringComparison.Ordinal);
        }
    }
}
