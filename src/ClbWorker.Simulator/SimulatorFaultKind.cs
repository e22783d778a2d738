namespace ClbWorker.Simulator;

/// <summary>What an injected fault did to a request; the keys of <see cref="SimulatorKeyStats.FaultsByKind"/>.</summary>
public enum SimulatorFaultKind
{
    /// <summary>Answered HTTP 502 with an HTML page instead of the API answer.</summary>
    ServerError,

    /// <summary>Answered the <c>InternalError</c> envelope instead of the API answer.</summary>
    InternalError,

    /// <summary>Answered truncated JSON instead of the API answer.</summary>
    MalformedJson,

    /// <summary>Aborted the connection without an answer.</summary>
    ConnectionDrop,

    /// <summary>Held for the hang duration, then handled normally (delay only; the answer is counted as usual).</summary>
    Hang,

    /// <summary>Delayed by the added latency, then handled normally (delay only).</summary>
    Latency,
}
