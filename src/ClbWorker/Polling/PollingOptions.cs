using ClbWorker.LeasedWork;

namespace ClbWorker.Polling;

/// <summary>How pending tasks are polled. Section <c>Polling</c>; every duration is a TimeSpan ("00:00:01").</summary>
public sealed class PollingOptions : ILeasedWorkOptions
{
    public const string Section = "Polling";

    /// <summary>Most tasks one worker claims for one (account, host) per round. Default 50; 1..1000.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Wait before the second poll of a running task. Default 1 s.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Each further poll of a running task waits this many times longer. Default 2; 1..10.</summary>
    public double BackoffFactor { get; set; } = 2;

    /// <summary>Longest wait between two polls of a running task. Default 10 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Random spread applied to each delay, as a fraction (0.2 = ±20 %). Default 0.2; 0..1.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>No task is polled twice within this interval, backoff or not. Default 1 s.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When the request budget has room, poll running tasks before their backoff ends (never within
    /// <see cref="MinInterval"/>): each extra poll narrows the time to detect completion. Default true.
    /// </summary>
    public bool EarlyPolling { get; set; } = true;

    /// <summary>A task without its own deadline is timed out this long after it was enqueued. Default 1 h.</summary>
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a claimed task stays reserved for its worker; a crashed worker's tasks become due again
    /// after it. Must exceed the Tencent request timeout plus the reservation horizon. Default 30 s.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far ahead a worker reserves send slots of the shared budget. Default 1 s.</summary>
    public TimeSpan ReservationHorizon { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Each second of the send plan is stretched by this much so that jitter between sending and
    /// arrival cannot put one request too many into a second at Tencent Cloud. Default 40 ms (the plan
    /// then uses 96 % of the configured rate): up to 15 ms of send lateness and 25 ms of other jitter; 0..500 ms.
    /// </summary>
    public TimeSpan RateWindowSlack { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>
    /// A request that would leave later than this after its planned slot is not sent; its task gets a fresh
    /// slot. Keeps every second of actual sends within the limit. Default 15 ms; 1 ms up to <see cref="RateWindowSlack"/>.
    /// </summary>
    public TimeSpan MaxSendLateness { get; set; } = TimeSpan.FromMilliseconds(15);

    /// <summary>After RequestLimitExceeded every worker of that key pauses this long. Default 1 s.</summary>
    public TimeSpan RateLimitCooldown { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>After a halving, the rate recovers by this fraction of the configured rate per second. Default 0.05.</summary>
    public double RateRecoveryPerSecond { get; set; } = 0.05;

    /// <summary>The rate is never halved below this fraction of the configured rate. Default 0.1; 0.01..1.</summary>
    public double MinRateFactor { get; set; } = 0.1;

    /// <summary>A paused account (credentials, clock, network policy refused) is probed again after this. Default 1 min.</summary>
    public TimeSpan AccountPauseRetry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Requests one worker process keeps in flight or waiting for their slot, at most. Each key holds about one and a
    /// half reservation horizons of its rate (30 at 20/s), so the default lets one process keep 50 accounts at 20/s
    /// busy. Default 2000; 1..10000.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = 2000;

    /// <summary>With nothing due, how often the database is checked when no NOTIFY arrives. Default 1 s; 50 ms..1 min.</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Cron (with seconds) of the recurring Hangfire job, one per process on that process's own queue, that restarts
    /// its polling loop if a run ended without a successor. Default every 15 s.
    /// </summary>
    public string Schedule { get; set; } = "*/15 * * * * *";

    /// <summary>How long one run of the polling job keeps polling before it hands over to the next run. Default 5 min; 10 s..25 min.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>On shutdown, how long requests already sent may take to answer before their tasks are released. Default 3 s; 0..30 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long Hangfire keeps finished job records (its own tables stay bounded). Default 1 h.</summary>
    public TimeSpan HangfireJobRetention { get; set; } = TimeSpan.FromHours(1);
}
