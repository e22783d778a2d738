namespace ClbWorker.Polling;

/// <summary>A pending task leased to this worker for one poll.</summary>
public sealed record ClaimedTask(
    long Id,
    string TaskId,
    string Region,
    string Account,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeadlineAt,
    DateTimeOffset? LastPolledAt);
