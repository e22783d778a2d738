using ClbWorker.Tasks;
using ClbWorker.Tencent;

namespace ClbWorker.Polling;

/// <summary>
/// Turns one DescribeTaskStatus result into the task's next state. Pure: time and randomness come in
/// as arguments, so every rule is tested directly.
/// </summary>
public sealed class PollOutcomePolicy(PollingOptions options)
{
    private readonly PollBackoff backoff = new(options);

    public DateTimeOffset DeadlineOf(ClaimedTask task) => task.DeadlineAt ?? task.CreatedAt + options.DefaultDeadline;

    public PollDecision Decide(ClaimedTask task, DescribeTaskStatusResult result, DateTimeOffset now, double random01) =>
        result switch
        {
            TaskStatusReported { Status: ClbTaskStatus.Succeeded } answer =>
                new(Final(task, TaskStates.Succeeded, 0, null, null, answer.RequestId, now) with { LoadBalancerIds = answer.LoadBalancerIds, Message = answer.Message }),
            TaskStatusReported { Status: ClbTaskStatus.Failed } answer =>
                new(Final(task, TaskStates.Failed, 1, null, null, answer.RequestId, now) with { LoadBalancerIds = answer.LoadBalancerIds, Message = answer.Message }),
            TaskStatusReported answer =>
                new(StillRunning(task, 2, null, null, answer.RequestId, now, random01) with { LoadBalancerIds = answer.LoadBalancerIds, Message = answer.Message }),
            ApiErrorReported error => DecideApiError(task, error, now, random01),
            // Nothing was sent: the account's credential source failed. Like a refusal of the credentials, it pauses the account.
            CredentialsUnavailable unavailable =>
                new(Release(task, now), new AccountPauseRequest(task.Account, "credentials", CredentialsUnavailable.Code, unavailable.Reason)),
            _ => new(StillRunning(task, null, TransientCode(result), TransientMessage(result), null, now, random01)),
        };

    /// <summary>The task is left exactly as it was, due again at once (its poll was not its fault).</summary>
    public static TaskUpdate Release(ClaimedTask task, DateTimeOffset nextPollAt) =>
        new(task.Id, TaskStates.Pending, null, null, null, null, 0, nextPollAt, null);

    private PollDecision DecideApiError(ClaimedTask task, ApiErrorReported error, DateTimeOffset now, double random01)
    {
        switch (error.Kind)
        {
            case TencentErrorKind.InvalidRequest:
                return new(Final(task, TaskStates.Invalid, null, error.Code, error.Message, error.RequestId, now));
            case TencentErrorKind.RateLimited:
                return new(Release(task, now + options.RateLimitCooldown), RateLimited: true);
            case TencentErrorKind.ClockSkew:
                return Pause(task, "clock_skew", error, now,
                    "Tencent Cloud rejected the request timestamp: this machine's clock differs from Tencent Cloud's by more than 5 minutes; fix the clock (NTP).");
            case TencentErrorKind.CredentialsRejected:
                return Pause(task, "credentials", error, now, error.Message);
            case TencentErrorKind.NetworkPolicy:
                return Pause(task, "network_policy", error, now, error.Message);
            case TencentErrorKind.ClientMisbuilt:
                return Pause(task, "client_misbuilt", error, now, error.Message);
            default:
                return new(StillRunning(task, null, error.Code, error.Message, error.RequestId, now, random01));
        }
    }

    private static PollDecision Pause(ClaimedTask task, string reason, ApiErrorReported error, DateTimeOffset now, string message) =>
        new(Release(task, now), new AccountPauseRequest(task.Account, reason, error.Code, message));

    private static TaskUpdate Final(ClaimedTask task, string state, short? status, string? code, string? message, string? requestId, DateTimeOffset now) =>
        new(task.Id, state, status, code, message, requestId, 1, now, now);

    private TaskUpdate StillRunning(ClaimedTask task, short? status, string? code, string? message, string? requestId,
        DateTimeOffset now, double random01)
    {
        var deadline = DeadlineOf(task);
        if (now >= deadline)
        {
            var why = code is null
                ? $"Still running at its deadline {deadline:O}."
                : $"No final answer by its deadline {deadline:O}; last error {code}: {message}";
            return new(task.Id, TaskStates.TimedOut, status, code ?? "DeadlineExceeded", why, requestId, 1, now, now);
        }

        var next = now + backoff.DelayAfter(task.Attempts + 1, random01);
        // The last poll happens at the deadline itself, so "still running at its deadline" is observed, not assumed.
        return new(task.Id, TaskStates.Pending, status, code, message, requestId, 1, next < deadline ? next : deadline, now);
    }

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
