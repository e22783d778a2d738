namespace ClbWorker.Simulator;

/// <summary>
/// Traffic of one rate-limit key: SecretId (empty when the Authorization header could not be parsed), the Host
/// header exactly as received, and the X-TC-Action header (Tencent limits each API separately).
/// Invariant: <c>Requests = Accepted + Rejected + Faulted + Abandoned + in-flight</c>.
/// </summary>
/// <param name="Accepted">Answered with a success envelope.</param>
/// <param name="Rejected">Answered with an error envelope the API itself produced (see <paramref name="RejectionsByCode"/>).</param>
/// <param name="Faulted">Answer replaced by an injected fault (502, InternalError, malformed JSON, dropped connection).</param>
/// <param name="Abandoned">The client went away before an answer was written.</param>
/// <param name="LargestOneSecondArrivals">
/// The most arrivals of this key, of every kind (accepted, rejected, faulted), inside any 1-second window by arrival
/// time: the figure that shows whether a client ever sent faster than the limit.
/// </param>
/// <param name="FaultsByKind">Injected faults, including the delay-only kinds Hang and Latency.</param>
public sealed record SimulatorKeyStats(
    string SecretId,
    string Host,
    string Action,
    long Requests,
    long Accepted,
    long Rejected,
    long Faulted,
    long Abandoned,
    int LargestOneSecondArrivals,
    IReadOnlyDictionary<string, long> RejectionsByCode,
    IReadOnlyDictionary<SimulatorFaultKind, long> FaultsByKind);
