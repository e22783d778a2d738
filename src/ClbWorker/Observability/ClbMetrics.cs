using System.Diagnostics.Metrics;
using ClbWorker.Polling.SendBudget;
using ClbWorker.Tencent.Client;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.Observability;

/// <summary>
/// The "ClbWorker" meter and every instrument of it, recorded where results are produced. Tags stay bounded:
/// outcomes and states are fixed sets, error codes are Tencent's (see <see cref="MetricTags"/>), and rate-limit
/// keys are (configured account, endpoint host). Never a task or delivery id. Also keeps process-wide totals for
/// the dev run's progress line (<see cref="Totals"/>).
/// </summary>
public sealed class ClbMetrics
{
    public const string MeterName = "ClbWorker";

    // Seconds, from a few milliseconds (a fast send slot) to a day (a long task or a retried webhook).
    private static readonly double[] SecondsBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];
    private static readonly int[] BatchBuckets = [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    private readonly Counter<long> polls;
    private readonly Counter<long> transitions;
    private readonly Histogram<double> detectionLag;
    private readonly Histogram<double> enqueueToFinal;
    private readonly Counter<long> webhookAttempts;
    private readonly Histogram<double> webhookDuration;
    private readonly Histogram<double> slotWait;
    private readonly Counter<long> slotsGranted;
    private readonly Counter<long> requestsSent;
    private readonly Counter<long> slotsMissed;
    private readonly Counter<long> limitExceeded;
    private readonly Histogram<int> claimSize;
    private long pollCount, finishedCount, deliveredCount;
    private Func<int> waiters = () => 0;
    private Func<int> streams = () => 0;

    public ClbMetrics(IMeterFactory meterFactory)
    {
        // Created through the host's factory: a meter per host, so hosts sharing a process (tests) stay apart.
        var meter = meterFactory.Create(MeterName);
        polls = meter.CreateCounter<long>("clb.polls", "{poll}",
            "DescribeTaskStatus requests answered (or failed), by outcome and Tencent error code.");
        transitions = meter.CreateCounter<long>("clb.task.transitions", "{task}",
            "Tasks this process made final, by final state.");
        detectionLag = meter.CreateHistogram("clb.task.detection_lag", "s",
            "From a task's previous poll (or its enqueueing) to the poll that saw Tencent report it final.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        enqueueToFinal = meter.CreateHistogram("clb.task.enqueue_to_final", "s",
            "From a task's created_at to its completed_at, by final state.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        webhookAttempts = meter.CreateCounter<long>("clb.webhook.attempts", "{attempt}",
            "Webhook delivery attempts, by outcome (delivered, retry, failed) and status class.");
        webhookDuration = meter.CreateHistogram("clb.webhook.attempt.duration", "s",
            "Duration of webhook delivery attempts, by outcome and status class.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        slotWait = meter.CreateHistogram("clb.ratelimit.slot_wait", "s",
            "From claiming a task to the send slot its request was given from the shared budget, per (account, host).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        slotsGranted = meter.CreateCounter<long>("clb.ratelimit.slots_granted", "{slot}",
            "Send slots granted to this process from the shared per-(account, host) budget.");
        requestsSent = meter.CreateCounter<long>("clb.ratelimit.requests_sent", "{request}",
            "DescribeTaskStatus requests sent, per (account, host).");
        slotsMissed = meter.CreateCounter<long>("clb.ratelimit.slots_missed", "{slot}",
            "Requests not sent because they would have left too late for their slot (the task gets a fresh one).");
        limitExceeded = meter.CreateCounter<long>("clb.ratelimit.limit_exceeded", "{answer}",
            "RequestLimitExceeded answers, per (account, host); each slows every worker of that key down.");
        meter.CreateObservableGauge("clb.task.waiters", () => waiters(), "{request}",
            "Requests of this process waiting for a task to become final (GET /api/tasks with wait).");
        meter.CreateObservableGauge("clb.event.streams", () => streams(), "{stream}",
            "Event streams (GET /api/events) this process is serving.");
        claimSize = meter.CreateHistogram("clb.claim.size", "{row}",
            "Rows leased per claim query, by queue (tasks, webhooks).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
    }

    /// <summary>Process-wide totals since start: polls answered, tasks made final, webhooks delivered.</summary>
    public WorkTotals Totals => new(Interlocked.Read(ref pollCount), Interlocked.Read(ref finishedCount), Interlocked.Read(ref deliveredCount));

    /// <summary>One DescribeTaskStatus request came back (answer or failure); <see cref="SlotMissed"/> is not a poll.</summary>
    public void PollAnswered(RateLimitKey key, DescribeTaskStatusResult result)
    {
        var (outcome, code) = MetricTags.PollOutcome(result);
        if (code is null)
            polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        else
            polls.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("error_code", code));
        requestsSent.Add(1, Key(key), Host(key));
        Interlocked.Increment(ref pollCount);
    }

    /// <summary>A task became final: <paramref name="state"/> is its final state.</summary>
    /// <param name="enqueueToFinal">created_at to completed_at.</param>
    /// <param name="detectionLag">Previous poll to the poll that saw the final answer; null when no poll saw one (deadline, invalid account).</param>
    public void TaskFinished(string state, TimeSpan enqueueToFinal, TimeSpan? detectionLag = null)
    {
        var tag = new KeyValuePair<string, object?>("state", state);
        transitions.Add(1, tag);
        this.enqueueToFinal.Record(Math.Max(0, enqueueToFinal.TotalSeconds), tag);
        if (detectionLag is { } lag)
            this.detectionLag.Record(Math.Max(0, lag.TotalSeconds), tag);
        Interlocked.Increment(ref finishedCount);
    }

    /// <summary>Tasks made final in bulk where no per-task times are at hand (e.g. an unconfigured account).</summary>
    public void TasksFinished(string state, int count)
    {
        if (count <= 0)
            return;
        transitions.Add(count, new KeyValuePair<string, object?>("state", state));
        Interlocked.Add(ref finishedCount, count);
    }

    public void WebhookAttempted(string deliveryState, DeliveryAttemptResult result, bool sent)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", MetricTags.WebhookOutcome(deliveryState));
        var status = new KeyValuePair<string, object?>("status", MetricTags.WebhookStatus(result, sent));
        webhookAttempts.Add(1, outcome, status);
        if (sent)
            webhookDuration.Record(result.Duration.TotalSeconds, outcome, status);
        if (deliveryState == DeliveryStates.Delivered)
            Interlocked.Increment(ref deliveredCount);
    }

    /// <summary>Where the waiter and stream gauges read their counts: the process's task event hub.</summary>
    public void ObserveFollowers(Func<int> waiting, Func<int> streaming)
    {
        waiters = waiting;
        streams = streaming;
    }

    public void SlotsGranted(RateLimitKey key, int granted) => slotsGranted.Add(granted, Key(key), Host(key));

    public void SlotWaited(RateLimitKey key, TimeSpan wait) => slotWait.Record(Math.Max(0, wait.TotalSeconds), Key(key), Host(key));

    public void SlotMissed(RateLimitKey key) => slotsMissed.Add(1, Key(key), Host(key));

    public void LimitExceeded(RateLimitKey key) => limitExceeded.Add(1, Key(key), Host(key));

    public void Claimed(string queue, int rows) => claimSize.Record(rows, new KeyValuePair<string, object?>("queue", queue));

    private static KeyValuePair<string, object?> Key(RateLimitKey key) => new("account", key.Account);

    private static KeyValuePair<string, object?> Host(RateLimitKey key) => new("host", key.Host);
}
