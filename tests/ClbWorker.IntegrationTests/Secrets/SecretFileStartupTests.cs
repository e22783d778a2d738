using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Processes;

namespace ClbWorker.IntegrationTests.Secrets;

/// <summary>Worker processes configured as a container would be: the Tencent SecretKey in a mounted file.</summary>
public sealed class SecretFileStartupTests(MigratedDatabase database) : ProcessTestClass(database), IDisposable
{
    // This test is about where the key comes from, not about timing: a loaded machine may send late, so allow it.
    private static readonly Dictionary<string, string> Tolerant = new() { ["RateWindowSlack"] = "00:00:00.500", ["MaxSendLateness"] = "00:00:00.500" };

    private readonly DirectoryInfo secrets = Directory.CreateTempSubdirectory("clb-run-secrets-");

    public void Dispose() => secrets.Delete(recursive: true);

    [Fact(Timeout = 120_000)]
    public async Task A_worker_signs_its_polls_with_the_secret_key_read_from_a_file()
    {
        await StartWithKeyFileAsync();

        var ids = await Bed.Simulator.CreateTasksAsync(1, TimeSpan.Zero, "succeeded");
        await Bed.Tasks.EnqueueAsync(ids);

        // The simulator refuses a wrong signature with AuthFailure, which would leave the task pending or invalid.
        var rows = await Eventually.ReturnsAsync(() => Bed.Tasks.RowsAsync(ids), r => r.Single().IsFinal, TimeSpan.FromSeconds(20), "task final");
        Assert.Equal("succeeded", rows.Single().State);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_rotated_secret_key_file_is_picked_up_without_a_restart()
    {
        var (worker, path) = await StartWithKeyFileAsync();
        var before = await Bed.Simulator.CreateTasksAsync(1, TimeSpan.Zero, "succeeded");
        await Bed.Tasks.EnqueueAsync(before);
        await Eventually.ReturnsAsync(() => Bed.Tasks.RowsAsync(before), r => r.Single().IsFinal, TimeSpan.FromSeconds(20), "first task final");

        // The key is rotated on Tencent Cloud's side, then the mounted secret is updated in place (as Kubernetes does).
        await Bed.Simulator.PutCredentialAsync(Bed.Simulator.SecretId, "rotated-secret-key");
        await File.WriteAllTextAsync(path, "rotated-secret-key\n", TestContext.Current.CancellationToken);
        await worker.WaitForLineAsync("new static credentials picked up", TimeSpan.FromSeconds(30));
        var after = await Bed.Simulator.CreateTasksAsync(1, TimeSpan.Zero, "succeeded");
        await Bed.Tasks.EnqueueAsync(after);
        var rows = await Eventually.ReturnsAsync(() => Bed.Tasks.RowsAsync(after), r => r.Single().IsFinal, TimeSpan.FromSeconds(30), "task after the rotation final");

        Assert.Equal("succeeded", (await Bed.Tasks.RowsAsync(before)).Single().State);
        Assert.Equal("succeeded", rows.Single().State);
        Assert.False(worker.HasExited);
        Assert.DoesNotContain("rotated-secret-key", worker.Transcript(), StringComparison.Ordinal);
    }

    /// <summary>A worker whose SecretKey is the content of a file (as a mounted secret), once it polls.</summary>
    private async Task<(Infrastructure.ChildProcess Worker, string Path)> StartWithKeyFileAsync()
    {
        var path = Path.Combine(secrets.FullName, "tencent_secret_key");
        await File.WriteAllTextAsync(path, ProcessTestBed.SecretKey + "\n", TestContext.Current.CancellationToken);
        var worker = Bed.StartWorker("worker", Tolerant, new Dictionary<string, string?>
        {
            ["Tencent__SecretKey"] = null,
            ["Tencent__SecretKey_FILE"] = path,
        });
        await worker.WaitForLineAsync(WorkerProcess.PollingStarted, TimeSpan.FromSeconds(60));
        return (worker, path);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_worker_whose_secret_file_is_missing_stops_at_start_naming_the_variable_and_the_path()
    {
        var path = Path.Combine(secrets.FullName, "not-mounted");
        var worker = Bed.StartWorker("worker", overrides: new Dictionary<string, string?>
        {
            ["Tencent__SecretKey"] = null,
            ["Tencent__SecretKey_FILE"] = path,
        });

        await Eventually.ReturnsAsync(() => Task.FromResult(worker.HasExited), exited => exited, TimeSpan.FromSeconds(30), "worker exited");

        Assert.NotEqual(0, worker.ExitCode);
        var transcript = worker.Transcript();
        Assert.Contains($"Tencent__SecretKey_FILE names '{path}', which does not exist", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkerProcess.PollingStarted, transcript, StringComparison.Ordinal);
    }
}
