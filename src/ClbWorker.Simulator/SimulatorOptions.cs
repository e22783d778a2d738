namespace ClbWorker.Simulator;

/// <summary>
/// Settings of the CLB Cloud API simulator, bound from the <c>Simulator</c> configuration section by the
/// standalone run or passed to <see cref="SimulatorHost.Build(SimulatorOptions, string, TimeProvider?)"/>.
/// Validated when the host is built; an invalid value fails with its key, value and allowed range.
/// </summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>
    /// Accepted key pairs (<c>Simulator:Credentials:&lt;n&gt;:SecretId|SecretKey|Token</c>). When empty,
    /// <see cref="SimulatorCredential.Development"/> is accepted and printed at start.
    /// </summary>
    public IList<SimulatorCredential> Credentials { get; } = new List<SimulatorCredential>();

    /// <summary>
    /// Accepted requests per rate-limit key (SecretId, Host, Action) in any 1-second window by arrival time;
    /// more answer <c>RequestLimitExceeded</c>. Default 20, Tencent's default for DescribeTaskStatus; allowed 1-100000.
    /// </summary>
    public int RateLimitPerSecond { get; set; } = 20;

    /// <summary>
    /// Largest accepted distance between X-TC-Timestamp and the simulator's clock before
    /// <c>AuthFailure.SignatureExpire</c>. Default 5 minutes, as the real API; allowed [1 second, 1 day].
    /// </summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Regions X-TC-Region may name; others answer <c>UnsupportedRegion</c>. Empty (default) means the built-in
    /// list of CLB regions, financial ones included; a configured list replaces it, since Tencent adds regions.
    /// </summary>
    public IList<string> Regions { get; } = new List<string>();

    /// <summary>Shortest time a task created by a mutating action (CreateListener...) runs. Default 1 s; allowed [0, 1 day].</summary>
    public TimeSpan ActionTaskMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest time such a task runs; its delay is uniform between the two. Default 5 s; allowed [min, 1 day].</summary>
    public TimeSpan ActionTaskMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Probability that a task created by a mutating action ends with status 1. Default 0.05; allowed [0, 1].</summary>
    public double ActionTaskFailureRate { get; set; } = 0.05;

    /// <summary>
    /// Seed of the random source behind faults, task delays and task failures, so a test can replay the same
    /// sequence. Null (default) seeds from the system.
    /// </summary>
    public int? Seed { get; set; }

    /// <summary>
    /// File that every Cloud API request is appended to, one line each (see <see cref="Traffic.ArrivalLog"/>), for an
    /// outside count of arrivals per second, per key and per task. Unset (default): no log.
    /// </summary>
    public string? ArrivalLog { get; set; }

    /// <summary>Faults injected from start; see <see cref="SimulatorFaults"/>. Default none.</summary>
    public SimulatorFaults Faults { get; set; } = new();

    /// <summary>
    /// The temporary keys the simulated STS (AssumeRole, AssumeRoleWithWebIdentity) and CVM metadata service hand out
    /// (<c>Simulator:TemporaryCredentials:Lifetime</c> ...); see <see cref="SimulatorTemporaryCredentials"/>.
    /// </summary>
    public SimulatorTemporaryCredentials TemporaryCredentials { get; set; } = new();
}
