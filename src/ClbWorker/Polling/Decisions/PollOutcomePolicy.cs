using ClbWorker.Tasks;
using ClbWorker.Tencent.Client;

namespace ClbWorker.Polling.Decisions;

/// <summary>
/// Turns one DescribeTaskStatus result into the task's next state. Pure: the poll's time and randomness come in as
/// arguments, so every rule is tested directly. Whether a task still running has reached its deadline is decided by
/// the database when the update is written, on its own clock (<see cref="PollingStore"/>).
/// </summary>
public sealed class PollOutcomePolicy(PollingOptions options)
{
    private readonly PollBackoff backoff = new(options);

    /// <param name="polledAt">When the request was sent, on the database clock.</param>
    public PollDecision Decide(ClaimedTask task, DescribeTaskStatusResult result, DateTimeOffset polledAt, double random01) =>
        result switch
        {
            TaskStatusReported { Status: ClbTaskStatus.Succeeded } answer =>
                new(Final(task, TaskStates.Succeeded, 0, null, null, answer.RequestId, polledAt) with { LoadBalancerIds = answer.LoadBalancerIds, Message = answer.Message }),
            TaskStatusReported { Status: ClbTaskStatus.Failed } answer =>
                new(Final(task, TaskStates.Failed, 1, null, null, answer.RequestId, polledAt) with { LoadBalancerIds = answer.LoadBalancerIds, Message = answer.Message }),
            TaskStatusReported answer =>
                new(StillRunning(task, 2, null, null, answer.RequestId, polledAt, random01) with { LoadBalancerIds = answer.LoadBalancerIds, Message = answer.Message }),
            ApiErrorReported error => DecideApiError(task, error, polledAt, random01),
            // Nothing was sent: the account's credential source failed. Like a refusal of the credentials, it pauses the account.
            CredentialsUnavailable unavailable =>
                new(Release(task), new AccountPauseRequest(task.Account, "credentials", CredentialsUnavailable.Code, unavailable.Reason)),
            _ => new(StillRunning(task, null, TransientCode(result), TransientMessage(result), null, polledAt, random01)),
        };

    /// <summary>A poll that could not be made because this process failed (a bug): an attempt with that error, retried with backoff.</summary>
    public PollDecision Faulted(ClaimedTask task, Exception error, DateTimeOffset polledAt, double random01) =>
        new(StillRunning(task, null, "WorkerFault", $"{error.GetType().Name}: {error.Message}", null, polledAt, random01));

    /// <summary>The task is left exactly as it was, due again after <paramref name="delay"/> (its poll was not its fault).</summary>
    public static TaskUpdate Release(ClaimedTask task, TimeSpan delay = default) =>
        new(task.Id, TaskStates.Pending, null, null, null, null, 0, delay, null);

    private PollDecision DecideApiError(ClaimedTask task, ApiErrorReported error, DateTimeOffset polledAt, double random01)
    {
        switch (error.Kind)
        {
            case TencentErrorKind.InvalidRequest:
                return new(Final(task, TaskStates.Invalid, null, error.Code, error.Message, error.RequestId, polledAt));
            case TencentErrorKind.RateLimited:
                return new(Release(task, options.RateLimitCooldown), RateLimited: true);
            case TencentErrorKind.ClockSkew:
                return Pause(task, "clock_skew", error,
                    "Tencent Cloud rejected the request timestamp: this machine's clock differs from Tencent Cloud's by more than 5 minutes; fix the clock (NTP).");
            case TencentErrorKind.CredentialsRejected:
                return Pause(task, "credentials", error, error.Message);
            case TencentErrorKind.NetworkPolicy:
                return Pause(task, "network_policy", error, error.Message);
            case TencentErrorKind.ClientMisbuilt:
                return Pause(task, "client_misbuilt", error, error.Message);
            default:
                return new(StillRunning(task, null, error.Code, error.Message, error.RequestId, polledAt, random01));
        }
    }

    private static PollDecision Pause(ClaimedTask task, string reason, ApiErrorReported error, string message) =>
        new(Release(task), new AccountPauseRequest(task.Account, reason, error.Code, message));

    private static TaskUpdate Final(ClaimedTask task, string state, short? status, string? code, string? message, string? requestId, DateTimeOffset polledAt) =>
        new(task.Id, state, status, code, message, requestId, 1, TimeSpan.Zero, polledAt);

    private TaskUpdate StillRunning(ClaimedTask task, short? status, string? code, string? message, string? requestId,
        DateTimeOffset polledAt, double random01) =>
        new(task.Id, TaskStates.Pending, status, code, message, requestId, 1, backoff.DelayAfter(task.Attempts + 1, random01), polledAt);

    private static string TransientCode(DescribeTaskStatusResult result) => result switch
    {
        HttpErrorReceived http => $"HttpStatus{http.StatusCode}",
        RequestTimedOut => "Timeout",
        ConnectionFailed => "ConnectionFailed",
        MalformedResponse => "MalformedResponse",
        _ => result.GetType().Name,
    };

    private static string TransientMessage(DescribeTaskStatusResult result) => result switch
    {
        HttpErrorReceived http => $"HTTP {http.StatusCode} from the endpoint.",
        RequestTimedOut t => $"No answer within {t.Timeout.TotalSeconds:0.#} s.",
        ConnectionFailed c => $"Connection failed: {c.Reason}",
        MalformedResponse m => $"Malformed answer: {m.Reason}",
        _ => result.ToString(),
    };
}
