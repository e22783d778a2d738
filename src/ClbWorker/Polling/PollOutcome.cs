using ClbWorker.Polling.Decisions;
using ClbWorker.Polling.SendBudget;

namespace ClbWorker.Polling;

/// <summary>One finished poll on its way to the result writer.</summary>
public sealed record PollOutcome(ClaimedTask Task, RateLimitKey Key, PollDecision Decision);
