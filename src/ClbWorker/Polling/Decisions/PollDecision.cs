namespace ClbWorker.Polling.Decisions;

/// <summary>
/// The effect of one DescribeTaskStatus answer: the task's update, and, when the answer says so, an
/// account to pause or a rate-limit key to slow down.
/// </summary>
public sealed record PollDecision(TaskUpdate Update, AccountPauseRequest? Pause = null, bool RateLimited = false);

/// <summary>Tencent Cloud refused the account itself (credentials, clock, network policy, a misbuilt client).</summary>
public sealed record AccountPauseRequest(string Account, string Reason, string ErrorCode, string ErrorMessage);
