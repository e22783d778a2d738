using ClbWorker.IntegrationTests.Infrastructure;
using ClbWorker.IntegrationTests.Webhooks;
using ClbWorker.Observability;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent.Client;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ClbWorker.IntegrationTests.Observability;

/// <summary>The dev run's progress reading against a real database; each test has a database of its own, since it counts all rows.</summary>
public sealed class ProgressReporterTests(PostgresServer server) : IAsyncDisposable
{
    private static readonly RateLimitKey Key = new("default", "clb.tencentcloudapi.com");
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly CapturedLogs logs = new();

    [Fact]
    public async Task A_reading_counts_the_backlog_and_the_work_done_since_the_previous_one()
    {
        await using var database = await FreshDatabaseAsync();
        await WebhookTestData.InsertTasksAsync(database.DataSource, 3);
        var (_, finished) = await WebhookTestData.InsertTasksAsync(database.DataSource, 2);
        await WebhookTestData.FinishAsync(database.DataSource, finished, "succeeded", WebhookTestData.Now());
        await ParkDeliveryAsync(database, finished[0]); // its callback delivery waits an hour for a retry
        var (metrics, reporter) = Reporter(database);
        for (var i = 0; i < 10; i++)
            metrics.PollAnswered(Key, new TaskStatusReported(ClbTaskStatus.Running, "req"));
        metrics.TaskFinished("succeeded", TimeSpan.FromSeconds(3));
        metrics.TaskFinished("failed", TimeSpan.FromSeconds(3));
        metrics.WebhookAttempted(DeliveryStates.Delivered, new DeliveryAttemptResult { StatusCode = 204 }, sent: true);

        time.Advance(TimeSpan.FromSeconds(5));
        var first = await reporter.RunOnceAsync(TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromSeconds(4));
        var second = await reporter.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Equal(new ProgressReport(3, 10, 2, 2, 1, 1, TimeSpan.FromSeconds(5)), first);
        Assert.Equal(2.0, first.PollsPerSecond);
        Assert.Equal(new ProgressReport(3, 0, 0, 2, 1, 0, TimeSpan.FromSeconds(4)), second);
        var lines = logs.Entries.Where(e => e.Contains("Progress:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("Progress: 3 tasks pending, 2 polls/s, 2 finished; webhooks: 2 pending (1 due), 1 delivered (last 5 s)", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_line_is_written_while_nothing_is_pending_or_due_and_nothing_happened()
    {
        await using var database = await FreshDatabaseAsync();
        var (_, finished) = await WebhookTestData.InsertTasksAsync(database.DataSource, 1);
        await WebhookTestData.FinishAsync(database.DataSource, finished, "failed", WebhookTestData.Now());
        await ParkDeliveryAsync(database, finished[0]);
        var (metrics, reporter) = Reporter(database);

        time.Advance(TimeSpan.FromSeconds(5));
        var quiet = await reporter.RunOnceAsync(TestContext.Current.CancellationToken);
        var linesWhileQuiet = logs.Entries.Count(e => e.Contains("Progress:", StringComparison.Ordinal));
        metrics.PollAnswered(Key, new ApiErrorReported("InternalError", "try again", "req"));
        time.Advance(TimeSpan.FromSeconds(5));
        var busy = await reporter.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.True(quiet.IsQuiet, quiet.ToString());
        Assert.Equal((0, 1L, 0L), (linesWhileQuiet, quiet.DeliveriesPending, quiet.DeliveriesDue));
        Assert.False(busy.IsQuiet);
        Assert.Single(logs.Entries, e => e.Contains("Progress: 0 tasks pending, 0.2 polls/s", StringComparison.Ordinal));
    }

    private (ClbMetrics Metrics, ProgressReporter Reporter) Reporter(MigratedDatabase database)
    {
        var metrics = new ClbMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var factory = LoggerFactory.Create(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        return (metrics, new ProgressReporter(database.DataSource, metrics, time, factory.CreateLogger<ProgressReporter>()));
    }

    private async Task<MigratedDatabase> FreshDatabaseAsync()
    {
        var database = new MigratedDatabase(server);
        await database.InitializeAsync();
        return database;
    }

    private static async Task ParkDeliveryAsync(MigratedDatabase database, long taskRowId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync("UPDATE clb.webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE task_row_id = @taskRowId",
            new { taskRowId });
    }

    public async ValueTask DisposeAsync() => await services.DisposeAsync();
}
