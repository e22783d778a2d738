namespace ClbWorker.Simulator.Faults;

/// <summary>The faults drawn for one request.</summary>
/// <param name="Hang">How long to hold the request first; zero when it does not hang.</param>
/// <param name="Replacement">The fault that replaces the answer, if any: ServerError, InternalError, MalformedJson or ConnectionDrop.</param>
internal readonly record struct FaultPlan(TimeSpan Latency, TimeSpan Hang, SimulatorFaultKind? Replacement);
