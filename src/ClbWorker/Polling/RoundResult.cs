namespace ClbWorker.Polling;

/// <summary>What one dispatch round did, and how long the loop may wait before the next one.</summary>
public sealed record RoundResult(int Claimed, int Invalidated, int Scheduled, TimeSpan NextRoundIn);
