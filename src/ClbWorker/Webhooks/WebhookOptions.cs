using ClbWorker.LeasedWork;
using ClbWorker.Webhooks.Endpoints;

namespace ClbWorker.Webhooks;

/// <summary>Signed webhook notifications of final task states. Section <c>Webhooks</c>; durations are TimeSpans.</summary>
public sealed class WebhookOptions : ILeasedWorkOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Secret (<c>whsec_</c> + base64 of 24-64 random bytes) that signs notifications sent to a task's own
    /// <c>callback_url</c>. Unset: tasks with a callback URL are refused a delivery with that reason
    /// (the dev run makes one up). A secret: never logged.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Endpoints configured statically (<c>Webhooks:Endpoints:&lt;name&gt;:Url</c>, <c>:Secret</c>, <c>:EventTypes</c>).</summary>
    public Dictionary<string, WebhookEndpointOptions> Endpoints { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Allow receivers on loopback, private and other non-public addresses, but not link-local ones (169.254.0.0/16,
    /// fe80::/10), where cloud metadata services hand out credentials: those only when <see cref="AllowedNetworks"/>
    /// names them. Default false; the development environment turns it on so local receivers work.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// CIDR ranges allowed even though they are not public, e.g. <c>10.20.0.0/16</c> for an internal receiver; the only
    /// way to allow a link-local range.
    /// </summary>
    public IList<string> AllowedNetworks { get; } = new List<string>();

    /// <summary>Whole-attempt timeout, connect to last byte read. Default 15 s; 1 s..2 min.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>TCP (and TLS) connect timeout. Default 5 s; 100 ms..1 min, at most <see cref="Timeout"/>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>At most this much of a response body is read (and kept as an excerpt). Default 65536 bytes; 0..1 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Waits before each retry after a failed attempt; its length + 1 is the number of attempts.
    /// Default like Svix: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts over about 27.5 h).
    /// </summary>
    public IList<TimeSpan> RetrySchedule { get; } = new List<TimeSpan>();

    /// <summary>Random spread applied to each retry wait, as a fraction. Default 0.2 (±20 %); 0..1.</summary>
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>Deliveries in flight per process. Default 32; 1..1000.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>Deliveries in flight per endpoint URL host per process. Default 4; 1..100.</summary>
    public int MaxConcurrentPerEndpoint { get; set; } = 4;

    /// <summary>
    /// A claimed delivery's lease; must exceed <see cref="Timeout"/> plus <see cref="ShutdownGrace"/>. The deliveries a
    /// process held when it died wait this long for another. Default 30 s, as for polling; 5 s..1 h.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, how long attempts already sent may take before they are cut off and handed back. Default 3 s; 0..30 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>With nothing due, how often the outbox is checked when no NOTIFY arrives. Default 1 s; 50 ms..1 min.</summary>
    public TimeSpan IdleCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one run of the delivery job delivers before it hands over to the next run. Default 5 min; 10 s..25 min.</summary>
    public TimeSpan JobDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cron (with seconds) of the recurring Hangfire job, one per process on that process's own queue, that restarts
    /// its delivery loop if a run ended without a successor. Default every 15 s.
    /// </summary>
    public string Schedule { get; set; } = "*/15 * * * * *";

    /// <summary>A registered endpoint whose deliveries all failed for this long is disabled. Default 5 days; 1 h..90 days.</summary>
    public TimeSpan DisableEndpointAfterFailingFor { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How long the previous secret of a rotated endpoint keeps signing too. Default 24 h.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The schedule used when <see cref="RetrySchedule"/> is not configured.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetrySchedule { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    // Empty rather than pre-filled: the configuration binder appends to a list instead of replacing it.
    public IReadOnlyList<TimeSpan> EffectiveRetrySchedule => RetrySchedule.Count > 0 ? [.. RetrySchedule] : DefaultRetrySchedule;
}
