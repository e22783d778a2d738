namespace ClbWorker.Polling;

/// <summary>A row of <c>clb.account_pauses</c>: why the account's polling stopped and when it is probed again.</summary>
public sealed record AccountPause(
    string Account,
    string Reason,
    string ErrorCode,
    string ErrorMessage,
    DateTimeOffset PausedAt,
    DateTimeOffset RetryAt,
    int Refusals);
