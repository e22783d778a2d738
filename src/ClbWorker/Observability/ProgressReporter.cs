using Npgsql;

namespace ClbWorker.Observability;

/// <summary>
/// Takes one reading for the dev run's progress line: the backlog from the database, and this process's work
/// since the previous reading from <see cref="ClbMetrics.Totals"/>. Logs the line unless the reading is quiet.
/// </summary>
public sealed class ProgressReporter
{
    // Both counts use the partial indexes on pending rows.
    private const string BacklogSql = """
        SELECT (SELECT count(*) FROM clb.tasks WHERE state = 'pending'),
               (SELECT count(*) FROM clb.webhook_deliveries WHERE state = 'pending'),
               (SELECT count(*) FROM clb.webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= @now)
        """;

    private readonly NpgsqlDataSource dataSource;
    private readonly ClbMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger<ProgressReporter> logger;
    private WorkTotals previous;
    private DateTimeOffset previousAt;

    public ProgressReporter(NpgsqlDataSource dataSource, ClbMetrics metrics, TimeProvider time, ILogger<ProgressReporter> logger)
    {
        (this.dataSource, this.metrics, this.time, this.logger) = (dataSource, metrics, time, logger);
        (previous, previousAt) = (metrics.Totals, time.GetUtcNow());
    }

    public async Task<ProgressReport> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand(BacklogSql);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (tasksPending, deliveriesPending, deliveriesDue) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));

        var totals = metrics.Totals;
        var done = totals.Since(previous);
        var report = new ProgressReport(tasksPending, done.Polls, done.TasksFinished, deliveriesPending, deliveriesDue, done.WebhooksDelivered, now - previousAt);
        (previous, previousAt) = (totals, now);
        if (!report.IsQuiet)
        {
            logger.LogInformation(
                "Progress: {TasksPending} tasks pending, {PollsPerSecond:0.#} polls/s, {TasksFinished} finished; webhooks: {DeliveriesPending} pending ({DeliveriesDue} due), {Delivered} delivered (last {IntervalSeconds:0.#} s)",
                report.TasksPending, report.PollsPerSecond, report.TasksFinished, report.DeliveriesPending, report.DeliveriesDue, report.Delivered,
                report.Interval.TotalSeconds);
        }
        return report;
    }
}
