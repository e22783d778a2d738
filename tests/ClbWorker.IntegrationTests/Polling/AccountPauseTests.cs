using System.Net;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;
using ClbWorker.Simulator.Traffic;
using Dapper;
using Npgsql;

namespace ClbWorker.IntegrationTests.Polling;

public sealed class AccountPauseTests(PostgresServer server)
{
    [Fact]
    public async Task A_wrong_secret_key_pauses_the_account_without_touching_its_tasks_and_correcting_it_resumes()
    {
        var arrivalLog = Path.Combine(Path.GetTempPath(), $"clbworker-arrivals-{Guid.NewGuid():N}.log");
        using var deleteLog = new TempFile(arrivalLog);
        await using var world = await PollingWorld.StartAsync(server, o => o.ArrivalLog = arrivalLog);
        var worker = world.StartWorker(("Tencent:SecretKey", "a-key-tencent-does-not-know"), ("Polling:AccountPauseRetry", "00:00:02"));
        var tasks = world.Simulated(20, SimulatedTaskOutcome.Succeeded, TimeSpan.Zero);

        await world.EnqueueAsync(tasks);
        var pause = await Eventually.ReturnsAsync(() => PauseAsync(world), p => p is not null, TimeSpan.FromSeconds(20), "the account is paused");

        Assert.Equal(("credentials", "AuthFailure.SignatureFailure"), (pause!.Reason, pause.ErrorCode));
        // The 20 polls were planned 7 ms apart; once the first refusal is in, the rest stay home (those that left
        // before it came back are refused too: 4 to 7 of them here).
        var firstWave = world.PollerStats().Rejected;
        TestContext.Current.TestOutputHelper?.WriteLine($"requests refused before the pause held: {firstWave}");
        Assert.InRange(firstWave, 1, 12);
        var rows = await world.TasksAsync();
        Assert.All(rows, r => Assert.Equal(("pending", 0, (string?)null, (short?)null), (r.State, r.Attempts, r.ErrorCode, r.LastStatus)));
        using var http = worker.CreateClient();
        var readiness = await Readiness.ReadAsync(http);
        Assert.Equal((HttpStatusCode.OK, "Degraded", "Degraded"), (readiness.Code, readiness.Status, readiness.Checks["accounts"].Status));
        Assert.Contains("default: credentials (AuthFailure.SignatureFailure)", readiness.Checks["accounts"].Description, StringComparison.Ordinal);
        // One probe per retry interval (2 s), however fast the rounds run: the endpoint sees the next three requests
        // at least that far apart.
        var before = Arrival.Read(arrivalLog).Count;
        var probes = await Eventually.ReturnsAsync(() => Task.FromResult(Arrival.Read(arrivalLog).Skip(before).Take(3).ToList()), a => a.Count == 3,
            TimeSpan.FromSeconds(15), "three probes of the paused account");
        var gaps = probes.Zip(probes.Skip(1), (a, b) => TimeSpan.FromTicks((b.UnixMicros - a.UnixMicros) * 10)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"gaps between probes while paused: {string.Join(", ", gaps)}");
        Assert.All(probes, p => Assert.Equal("AuthFailure.SignatureFailure", p.Answer));
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromSeconds(1.9), $"a paused account kept sending: probes {gap} apart"));

        // The operator fixes the credentials on Tencent Cloud's side: the key the worker holds becomes valid.
        world.State.PutCredential(PollingWorld.Credential with { SecretKey = "a-key-tencent-does-not-know" });
        rows = await world.AllFinalAsync(20, TimeSpan.FromSeconds(30));

        Assert.All(rows, r => Assert.Equal("succeeded", r.State));
        Assert.Null(await PauseAsync(world));
        Assert.Equal("Healthy", (await Readiness.ReadAsync(http)).Status);
    }

    private static async Task<Pause?> PauseAsync(PollingWorld world)
    {
        await using var connection = new NpgsqlConnection(world.ConnectionString);
        return await connection.QuerySingleOrDefaultAsync<Pause>(
            "SELECT reason AS Reason, error_code AS ErrorCode FROM clb.account_pauses WHERE account = 'default'");
    }

    private sealed record Pause(string Reason, string ErrorCode);

    private sealed class TempFile(string path) : IDisposable
    {
        public void Dispose() => File.Delete(path);
    }
}
