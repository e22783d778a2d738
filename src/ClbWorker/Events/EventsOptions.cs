namespace ClbWorker.Events;

/// <summary>
/// Following tasks live: the event log behind <c>GET /api/events</c>, long-poll waits and the dashboard's charts.
/// Section <c>Events</c>; durations are TimeSpans ("1.00:00:00").
/// </summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    /// <summary>
    /// Final-transition events (and the rate-chart history) are kept this long: a stream can resume with
    /// <c>Last-Event-ID</c> without gaps for at least this long after an event. Retention deletes older ones in its
    /// hourly run. Default 1 day; 1 hour to 30 days.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Poll events (<c>task.polled</c>, one per poll of a running task, up to the request rate) are kept this long,
    /// since there are many more of them. Default 1 hour; 15 minutes up to <see cref="Retention"/>.
    /// </summary>
    public TimeSpan PollRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A stream with nothing to send writes a comment this often, so proxies keep it open. Default 15 s; 1 s to 5 min.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
