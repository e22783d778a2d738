namespace ClbWorker.Simulator;

/// <summary>
/// Failures injected into Cloud API answers (never into <c>/_sim/</c> admin routes), bound from
/// <c>Simulator:Faults</c> and replaceable at run time with <c>PUT /_sim/faults</c>. Rates are probabilities
/// in [0, 1] drawn independently per request; at most one answer-replacing fault applies to a request, tried
/// in the order connection drop, server error, internal error, malformed JSON.
/// </summary>
public sealed record SimulatorFaults
{
    /// <summary>Probability of answering HTTP 502 with a small HTML page, as a gateway in front of the API would.</summary>
    public double ServerErrorRate { get; init; }

    /// <summary>Probability of answering the <c>InternalError</c> error envelope (HTTP 200).</summary>
    public double InternalErrorRate { get; init; }

    /// <summary>Probability of answering HTTP 200 with a truncated, unparseable JSON body.</summary>
    public double MalformedJsonRate { get; init; }

    /// <summary>Probability of aborting the connection without sending any answer.</summary>
    public double ConnectionDropRate { get; init; }

    /// <summary>
    /// Probability of holding a request for <see cref="HangDuration"/> (or until the client gives up) before
    /// handling it normally.
    /// </summary>
    public double HangRate { get; init; }

    /// <summary>How long a hung request is held. Default 5 minutes; allowed [1 ms, 1 day].</summary>
    public TimeSpan HangDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay added before every Cloud API request is handled. Default none; allowed [0, 10 minutes].</summary>
    public TimeSpan AddedLatency { get; init; }
}
