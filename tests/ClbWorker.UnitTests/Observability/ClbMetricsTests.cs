using System.Diagnostics.Metrics;
using ClbWorker.Observability;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent.Client;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;
using Microsoft.Extensions.DependencyInjection;

namespace ClbWorker.UnitTests.Observability;

public sealed class ClbMetricsTests : IDisposable
{
    private static readonly RateLimitKey Key = new("prod", "clb.ap-guangzhou.tencentcloudapi.com");
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> measurements = [];
    private readonly ClbMetrics metrics;

    public ClbMetricsTests()
    {
        metrics = new ClbMetrics(services.GetRequiredService<IMeterFactory>());
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClbMetrics.MeterName && instrument.Meter.Scope == services.GetRequiredService<IMeterFactory>())
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        listener.Start();
    }

    [Fact]
    public void A_poll_counts_its_outcome_and_code_and_a_request_sent_for_its_key()
    {
        metrics.PollAnswered(Key, new ApiErrorReported("ResourceNotFound", "gone", "r"));

        Assert.Equal(
            [("clb.polls", 1.0, "outcome=api_error,error_code=ResourceNotFound"), ("clb.ratelimit.requests_sent", 1.0, "account=prod,host=clb.ap-guangzhou.tencentcloudapi.com")],
            measurements.Select(m => (m.Instrument, m.Value, Tags(m.Tags))));
        Assert.Equal(new WorkTotals(1, 0, 0), metrics.Totals);
    }

    [Fact]
    public void A_task_seen_final_records_its_transition_both_durations_in_seconds_by_state()
    {
        metrics.TaskFinished("succeeded", TimeSpan.FromSeconds(90), TimeSpan.FromMilliseconds(1500));
        metrics.TaskFinished("timed_out", TimeSpan.FromHours(1));

        Assert.Equal(
            [
                ("clb.task.transitions", 1.0, "state=succeeded"), ("clb.task.enqueue_to_final", 90.0, "state=succeeded"),
                ("clb.task.detection_lag", 1.5, "state=succeeded"),
                ("clb.task.transitions", 1.0, "state=timed_out"), ("clb.task.enqueue_to_final", 3600.0, "state=timed_out"),
            ],
            measurements.Select(m => (m.Instrument, m.Value, Tags(m.Tags))));
        Assert.Equal(new WorkTotals(0, 2, 0), metrics.Totals);
    }

    [Fact]
    public void An_unsigned_webhook_attempt_counts_but_has_no_duration()
    {
        metrics.WebhookAttempted(DeliveryStates.Failed, new DeliveryAttemptResult { Error = "no secret" }, sent: false);
        metrics.WebhookAttempted(DeliveryStates.Delivered, new DeliveryAttemptResult { StatusCode = 200, Duration = TimeSpan.FromMilliseconds(250) }, sent: true);

        Assert.Equal(
            [
                ("clb.webhook.attempts", 1.0, "outcome=failed,status=not_sent"),
                ("clb.webhook.attempts", 1.0, "outcome=delivered,status=2xx"), ("clb.webhook.attempt.duration", 0.25, "outcome=delivered,status=2xx"),
            ],
            measurements.Select(m => (m.Instrument, m.Value, Tags(m.Tags))));
        Assert.Equal(new WorkTotals(0, 0, 1), metrics.Totals);
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
            copy[tag.Key] = tag.Value;
        lock (measurements)
            measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), copy));
    }

    private static string Tags(Dictionary<string, object?> tags) => string.Join(",", tags.Select(t => $"{t.Key}={t.Value}"));

    public void Dispose()
    {
        listener.Dispose();
        services.Dispose();
    }
}
