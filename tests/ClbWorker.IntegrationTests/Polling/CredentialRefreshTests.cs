using System.Diagnostics;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>
/// Temporary keys that live 60 s, from all three sources at once (CVM role, AssumeRole, OIDC), renewed through a
/// 5-minute run of steady polling. Judged from the simulator's side: no request ever arrived with an expired key or a
/// wrong token, none was refused at all, and no account was paused. No timing is asserted.
/// </summary>
public sealed class CredentialRefreshTests(PostgresServer server) : IDisposable
{
    private static readonly TimeSpan Run = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(60);
    private const int TasksPerAccount = 20;

    private readonly string folder = Directory.CreateTempSubdirectory("clbworker-refresh-").FullName;

    [Fact]
    public async Task Keys_expiring_every_60_seconds_are_renewed_through_a_5_minute_run_with_no_failed_poll_and_no_expired_key_sent()
    {
        var cvm = new CredentialSourceSetup("cvm-role", folder);
        var assume = new CredentialSourceSetup("assume-role", folder);
        var oidc = new CredentialSourceSetup("oidc", folder);
        await using var world = await PollingWorld.StartAsync(server, options => oidc.Configure(options, KeyLifetime));
        var logs = new CapturedLogs();
        world.StartServedWorker(logs,
        [
            .. cvm.Settings(world),
            .. assume.Settings(world, "Tencent:Accounts:assumed:Credentials"),
            .. oidc.Settings(world, "Tencent:Accounts:tke:Credentials"),
            // Each task is polled every 5 s, not as often as the budget allows: steady traffic, not a load test.
            ("Polling:EarlyPolling", "false"), ("Polling:MaxDelay", "00:00:05"), ("Polling:DefaultDeadline", "00:10:00"),
        ]);
        var watch = Stopwatch.StartNew();
        foreach (var account in new[] { "default", "assumed", "tke" })
            await world.EnqueueAsync(world.Simulated(TasksPerAccount, SimulatedTaskOutcome.Succeeded, Run), account: account);

        var rows = await world.AllFinalAsync(3 * TasksPerAccount, Run + TimeSpan.FromMinutes(2));
        watch.Stop();

        var stats = world.State.TemporaryCredentialStats;
        var traffic = world.State.GetStats().Keys.Where(k => k.Action == "DescribeTaskStatus").ToList();
        var polls = traffic.Sum(k => k.Requests);
        var refused = traffic.Sum(k => k.Rejected + k.Faulted);
        var report = $"run {watch.Elapsed.TotalSeconds:0} s, keys living {KeyLifetime.TotalSeconds:0} s: {polls} polls over {traffic.Count} keys, "
            + $"{refused} refused; keys issued: metadata {stats.IssuedBy.GetValueOrDefault("metadata")}, AssumeRole {stats.IssuedBy.GetValueOrDefault("AssumeRole")}, "
            + $"AssumeRoleWithWebIdentity {stats.IssuedBy.GetValueOrDefault("AssumeRoleWithWebIdentity")}; requests with an expired key {stats.ExpiredRequests}, "
            + $"with a wrong token {stats.RejectedTokenRequests}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        Assert.All(rows, r => Assert.Equal(("succeeded", (string?)null), (r.State, r.ErrorCode)));
        Assert.Equal((0L, 0L, 0L), (stats.ExpiredRequests, stats.RejectedTokenRequests, refused));
        // Five minutes of polling with keys that live one minute cannot go without renewing each source's keys at least four times.
        Assert.All(new[] { "metadata", "AssumeRole", "AssumeRoleWithWebIdentity" },
            origin => Assert.True(stats.IssuedBy.GetValueOrDefault(origin) >= 5, $"{origin}: {stats.IssuedBy.GetValueOrDefault(origin)} keys issued; {report}"));
        Assert.DoesNotContain(logs.Entries, e => e.Contains(" paused (", StringComparison.Ordinal)
            || e.Contains("getting credentials failed", StringComparison.Ordinal) || e.Contains("renewing the credentials failed", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
