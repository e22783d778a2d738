namespace ClbWorker.Polling;

/// <summary>
/// Which tasks to lease: those of <paramref name="Account"/> in <paramref name="Regions"/> (one rate-limit key)
/// due by <paramref name="DueBefore"/> and last polled no later than <paramref name="PolledBefore"/>.
/// </summary>
public sealed record ClaimRequest(
    string Account,
    IReadOnlyCollection<string> Regions,
    DateTimeOffset Now,
    DateTimeOffset DueBefore,
    DateTimeOffset PolledBefore,
    int Limit,
    string Owner,
    DateTimeOffset LeaseUntil);
