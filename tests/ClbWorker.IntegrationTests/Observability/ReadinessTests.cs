using System.Net;
using ClbWorker.Database;
using ClbWorker.Development;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Observability;

/// <summary>
/// /readyz against a PostgreSQL cluster of this class's own (started and stopped here, apart from the shared
/// <c>PostgresServer</c> other tests use).
/// </summary>
public sealed class ReadinessTests : IAsyncLifetime
{
    private const string Database = "clbworker";
    private readonly string folder = Path.Combine(Directory.CreateTempSubdirectory("clbworker-readiness-").FullName, "cluster");
    private LocalPostgresCluster cluster = null!;

    public async ValueTask InitializeAsync()
    {
        cluster = await LocalPostgresCluster.StartPersistentAsync(folder, cancellationToken: TestContext.Current.CancellationToken);
        await cluster.CreateDatabaseIfMissingAsync(Database, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Readiness_turns_unhealthy_within_seconds_when_PostgreSQL_stops_and_healthy_when_it_is_back()
    {
        await using var worker = new WorkerApp(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = cluster.ConnectionStringFor(Database),
            ["Tencent:SecretId"] = "AKIDREADINESS000000000000000000000000",
            ["Tencent:SecretKey"] = "readiness-key",
            ["Tencent:Endpoint"] = "http://127.0.0.1:9/",
        }).Served();
        using var http = worker.CreateClient();

        var ready = await Eventually.ReturnsAsync(() => Readiness.ReadAsync(http), r => r.Status == "Healthy", TimeSpan.FromSeconds(30), "ready at start");
        Assert.Equal(HttpStatusCode.OK, ready.Code);
        Assert.Equal(["accounts", "database", "hangfire"], ready.Checks.Keys.Order());
        Assert.All(ready.Checks.Values, c => Assert.Equal("Healthy", c.Status));
        Assert.Contains(MigrationScripts.LatestName, ready.Checks["database"].Description ?? "", StringComparison.Ordinal);

        await cluster.StopAsync(TestContext.Current.CancellationToken);
        var down = await Readiness.ReadAsync(http);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy", "Unhealthy"), (down.Code, down.Status, down.Checks["database"].Status));
        Assert.True(down.Elapsed < TimeSpan.FromSeconds(3), $"/readyz took {down.Elapsed} with the database down");
        Assert.DoesNotContain(cluster.ConnectionStringFor(Database), down.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", down.Body, StringComparison.OrdinalIgnoreCase);

        cluster = await LocalPostgresCluster.StartPersistentAsync(folder, cluster.Port, TestContext.Current.CancellationToken);
        var restarted = System.Diagnostics.Stopwatch.StartNew();
        var back = await Eventually.ReturnsAsync(() => Readiness.ReadAsync(http), r => r.Status == "Healthy", TimeSpan.FromSeconds(60), "ready again");
        Assert.Equal(HttpStatusCode.OK, back.Code);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"/readyz with PostgreSQL down: {down}\nhealthy again {restarted.Elapsed.TotalSeconds:0.0} s after the restart: {back}");
    }

    public async ValueTask DisposeAsync()
    {
        await cluster.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
    }
}
