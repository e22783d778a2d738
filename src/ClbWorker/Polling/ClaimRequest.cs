namespace ClbWorker.Polling;

/// <summary>
/// Which tasks to lease for one rate-limit key: those of <paramref name="Account"/> in <paramref name="Regions"/>
/// that are due within <paramref name="DueWithin"/> of the database's now, not leased, and not polled within
/// <paramref name="MinInterval"/>; at most <paramref name="Limit"/>, most overdue first, leased for <paramref name="Lease"/>.
/// </summary>
/// <param name="Now">The database's now unless a test pins it.</param>
public sealed record ClaimRequest(
    string Account,
    IReadOnlyCollection<string> Regions,
    TimeSpan DueWithin,
    TimeSpan MinInterval,
    int Limit,
    string Owner,
    TimeSpan Lease,
    DateTimeOffset? Now = null);
