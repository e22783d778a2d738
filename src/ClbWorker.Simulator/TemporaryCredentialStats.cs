namespace ClbWorker.Simulator;

/// <summary>How the simulator's temporary keys were issued and used, since start.</summary>
/// <param name="IssuedBy">Keys issued, by <c>AssumeRole</c>, <c>AssumeRoleWithWebIdentity</c> and <c>metadata</c>.</param>
/// <param name="Active">Keys issued and not yet expired.</param>
/// <param name="ExpiredRequests">Requests that arrived signed with a key past its expiry (answered TokenFailure).</param>
/// <param name="RejectedTokenRequests">Requests whose X-TC-Token was missing, wrong or revoked (answered TokenFailure).</param>
public sealed record TemporaryCredentialStats(
    IReadOnlyDictionary<string, long> IssuedBy, int Active, long ExpiredRequests, long RejectedTokenRequests);
