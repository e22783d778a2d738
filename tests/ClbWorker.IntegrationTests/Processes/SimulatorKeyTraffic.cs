namespace ClbWorker.IntegrationTests.Processes;

/// <summary>The part of one <c>/_sim/stats</c> key entry these tests read.</summary>
internal sealed record SimulatorKeyTraffic(
    string SecretId,
    string Host,
    string Action,
    long Requests,
    long Accepted,
    long Rejected,
    int LargestOneSecondArrivals,
    Dictionary<string, long> RejectionsByCode)
{
    public long LimitExceeded => RejectionsByCode.GetValueOrDefault("RequestLimitExceeded");

    /// <summary>Answers the engine counts as attempts: all but RequestLimitExceeded, which hands the task back untouched.</summary>
    public long CountedAnswers => Accepted + Rejected - LimitExceeded;
}
