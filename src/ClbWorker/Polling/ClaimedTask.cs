namespace ClbWorker.Polling;

/// <summary>A pending task leased to this worker for one poll.</summary>
/// <param name="TaskKind">What <paramref name="TaskId"/> holds (see <see cref="Tasks.TaskKinds"/>): sent as TaskId or as DealName.</param>
public sealed record ClaimedTask(
    long Id,
    string TaskId,
    string Region,
    string Account,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeadlineAt,
    DateTimeOffset? LastPolledAt,
    string TaskKind = Tasks.TaskKinds.RequestId)
{
    /// <summary>True once this claim's poll was refused for an expired token and retried with renewed credentials.</summary>
    public bool CredentialsRenewed { get; init; }
}
