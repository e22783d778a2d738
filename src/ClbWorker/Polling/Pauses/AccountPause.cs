namespace ClbWorker.Polling.Pauses;

/// <summary>A row of <c>clb.account_pauses</c>: why the account's polling stopped and when it is probed again.</summary>
/// <param name="ProbeDue">Whether <paramref name="RetryAt"/> has passed on the database's clock: one probe may go out.</param>
public sealed record AccountPause(
    string Account,
    string Reason,
    string ErrorCode,
    string ErrorMessage,
    DateTimeOffset PausedAt,
    DateTimeOffset RetryAt,
    int Refusals,
    bool ProbeDue = false);
