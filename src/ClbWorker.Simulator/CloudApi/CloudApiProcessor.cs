using ClbWorker.Simulator.Authentication;
using ClbWorker.Simulator.RateLimiting;
using ClbWorker.Simulator.Sts;
using ClbWorker.Simulator.Tasks;
using ClbWorker.Simulator.Traffic;

namespace ClbWorker.Simulator.CloudApi;

/// <summary>
/// Answers one Cloud API call from its headers and raw body, in the order the checks apply: signature, version
/// and action, rate limit (only authenticated calls of a known action use the allowance), region, body, action.
/// The STS actions go to <see cref="StsActions"/>, as if to their own endpoint.
/// </summary>
internal sealed class CloudApiProcessor(
    Tc3RequestVerifier verifier, RequestRateLimiter rateLimiter, ClbRegions regions, TaskRegistry tasks, StsActions sts, TimeProvider time)
{
    /// <param name="arrivedAt">When the request reached the server (<see cref="TimeProvider.GetTimestamp"/>): Tencent
    /// counts rate-limit windows by arrival, not by when the signature check happened to finish.</param>
    public CloudApiOutcome Process(CloudApiHeaders headers, TrafficKey key, ReadOnlyMemory<byte> body, string requestId, long arrivedAt)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (StsActions.Handles(headers.Action))
            return sts.Process(headers, body);
        var error = verifier.Verify(headers, body)
            ?? RequestChecks.VersionAndAction(headers)
            ?? (rateLimiter.TryAcquire(key, arrivedAt) ? null : RateLimited(rateLimiter.LimitPerSecond))
            ?? RequestChecks.Region(headers, regions);
        if (error is not null)
            return CloudApiOutcome.Failure(error);
        if (RequestChecks.JsonObjectBody(body, out var document) is { } bodyError)
            return CloudApiOutcome.Failure(bodyError);

        using (document)
        {
            var call = new CloudApiCall(headers.Action!, headers.Region!, document!.RootElement, requestId);
            return call.Action == DescribeTaskStatusAction.Name
                ? DescribeTaskStatusAction.Execute(call, tasks, time.GetUtcNow())
                : MutatingAction.Execute(call, tasks);
        }
    }

    private static CloudApiError RateLimited(int limit) => new(ErrorCodes.RequestLimitExceeded,
        $"More than {limit} requests in one second for this key, endpoint and action; slow down.");
}
