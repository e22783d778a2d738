using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.Simulator;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>Every credential source, configured as documented, polls real tasks over HTTP to the simulator.</summary>
public sealed class CredentialSourceTests(PostgresServer server) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("clbworker-sources-").FullName;

    public static TheoryData<string> Sources => [.. CredentialSourceSetup.Sources];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Each_source_polls_tasks_to_the_end(string source)
    {
        var setup = new CredentialSourceSetup(source, folder);
        await using var world = await PollingWorld.StartAsync(server, options => setup.Configure(options));
        world.StartWorker(setup.Settings(world));
        var succeeded = world.Simulated(5, SimulatedTaskOutcome.Succeeded, TimeSpan.FromSeconds(1));
        var failed = world.Simulated(2, SimulatedTaskOutcome.Failed, TimeSpan.Zero);

        await world.EnqueueAsync(succeeded.Concat(failed));
        var rows = await world.AllFinalAsync(7, TimeSpan.FromSeconds(60));

        Assert.All(rows.Where(r => succeeded.Contains(r.TaskId)), r => Assert.Equal(("succeeded", (string?)null), (r.State, r.ErrorCode)));
        Assert.All(rows.Where(r => failed.Contains(r.TaskId)), r => Assert.Equal("failed", r.State));
        var stats = world.State.TemporaryCredentialStats;
        if (setup.Origin is { } origin)
            Assert.True(stats.IssuedBy.GetValueOrDefault(origin) >= 1, $"{source} took no keys from {origin}");
        else
            Assert.Empty(stats.IssuedBy);
        Assert.Equal((0L, 0L), (stats.ExpiredRequests, stats.RejectedTokenRequests));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
