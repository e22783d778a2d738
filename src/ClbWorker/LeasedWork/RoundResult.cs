namespace ClbWorker.LeasedWork;

/// <summary>What one round of a leased-work loop did, and how long the loop may wait before the next one.</summary>
/// <param name="Claimed">Rows leased this round.</param>
/// <param name="NextRoundIn">How long the loop may wait (a wake-up ends the wait early).</param>
public sealed record RoundResult(int Claimed, TimeSpan NextRoundIn)
{
    public static RoundResult Idle(TimeSpan wait) => new(0, wait);
}
