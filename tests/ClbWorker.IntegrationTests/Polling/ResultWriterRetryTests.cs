using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.LeasedWork;
using ClbWorker.Observability;
using ClbWorker.Polling;
using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.Pauses;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClbWorker.IntegrationTests.Polling;

/// <summary>A batch of poll results written again after a failure takes effect once: one transaction per batch.</summary>
public sealed class ResultWriterRetryTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Fails the first UPDATE of clb.tasks after it is installed, whatever transaction it is in: a sequence does not roll back.
    private const string FailOnceSql = """
        CREATE SEQUENCE test_writes;
        CREATE FUNCTION test_fail_first_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF nextval('test_writes') = 1 THEN
                RAISE EXCEPTION 'the database went away (injected by the test)';
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER test_fail_first_write AFTER UPDATE ON clb.tasks FOR EACH STATEMENT EXECUTE FUNCTION test_fail_first_write();
        """;

    [Fact]
    public async Task A_RequestLimitExceeded_in_a_batch_whose_first_write_failed_is_noted_once()
    {
        var options = new PollingOptions();
        var budget = new SendBudgetStore(database.DataSource, Options.Create(options));
        var key = new RateLimitKey("retry-" + Guid.NewGuid().ToString("N")[..8], "clb.example.test");
        await budget.ReserveAsync(key, 20, 1, Ct);
        var store = new PollingStore(database.DataSource);
        await using (var connection = await database.DataSource.OpenConnectionAsync(Ct))
            await connection.ExecuteAsync("INSERT INTO clb.tasks (task_id, region, account) VALUES ('t-1', 'ap-guangzhou', @account)", new { account = key.Account });
        var task = (await store.ClaimAsync(new ClaimRequest(key.Account, ["ap-guangzhou"], TimeSpan.Zero, TimeSpan.Zero, 1, "w", TimeSpan.FromSeconds(30)), Ct)).Single();
        await using (var connection = await database.DataSource.OpenConnectionAsync(Ct))
            await connection.ExecuteAsync(FailOnceSql);
        var writer = new PollResultWriter(Dependencies(options, budget, store), "w",
            new AccountPauses(new AccountPauseStore(database.DataSource), options.AccountPauseRetry, TimeProvider.System), new PollingRunSummary());
        var refused = new PollOutcome(task, key, new PollDecision(PollOutcomePolicy.Release(task, options.RateLimitCooldown), RateLimited: true));

        // The engine's batch writer: the first try fails, the retry a second later succeeds.
        var outcomes = Channel.CreateUnbounded<PollOutcome>();
        outcomes.Writer.TryWrite(refused);
        outcomes.Writer.Complete();
        await new BatchWriter<PollOutcome>(writer.WriteAsync, "poll", TimeProvider.System, NullLogger.Instance).RunAsync(outcomes.Reader, Ct);

        await using var read = await database.DataSource.OpenConnectionAsync(Ct);
        Assert.Equal(2, await read.ExecuteScalarAsync<long>("SELECT last_value FROM test_writes"));
        Assert.Equal(1, await read.ExecuteScalarAsync<long>(
            "SELECT limit_exceeded_total FROM clb.rate_limits WHERE account = @account", new { account = key.Account }));
        Assert.Null(await read.ExecuteScalarAsync<string?>("SELECT lease_owner FROM clb.tasks WHERE id = @id", new { id = task.Id }));
    }

    private PollingDependencies Dependencies(PollingOptions options, SendBudgetStore budget, PollingStore store)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var tencent = new TencentOptions { SecretId = "AKIDRETRY", SecretKey = "retry-key" };
        // The writer sends nothing: no Tencent client.
        return new PollingDependencies(Options.Create(options), Options.Create(tencent), TencentAccounts.FromOptions(tencent), database.DataSource,
            store, budget, new AccountPauseStore(database.DataSource), null!, new PollOutcomePolicy(options),
            new ClbMetrics(services.GetRequiredService<IMeterFactory>()), new DatabaseClock(), TimeProvider.System,
            NullLogger<PollingDependencies>.Instance);
    }
}
