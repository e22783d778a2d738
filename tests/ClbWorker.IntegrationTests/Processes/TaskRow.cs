namespace ClbWorker.IntegrationTests.Processes;

/// <summary>The columns of a <c>clb.tasks</c> row that show who polled it, when, and how it ended; times in UTC.</summary>
internal sealed record TaskRow(
    long Id,
    string TaskId,
    string State,
    int Attempts,
    string? LeaseOwner,
    DateTime? LeaseExpiresAt,
    DateTime? LastPolledAt,
    DateTime CreatedAt,
    DateTime? CompletedAt)
{
    public bool IsFinal => State != "pending";
}
