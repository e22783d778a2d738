using ClbWorker.Webhooks.Outbox;

namespace ClbWorker.Webhooks;

/// <summary>
/// How one attempt at a claimed delivery went and what becomes of the delivery. Effects on the endpoint follow the
/// delivery's own endpoint: a delivered outcome ends its failure streak, any other starts one (if none is running),
/// and <see cref="DisableEndpointReason"/> disables it (410 Gone). The database disables an endpoint whose streak has
/// lasted too long, and makes a host's waiting retries due at once when an attempt to it succeeds.
/// </summary>
/// <param name="AttemptedAt">When the attempt began, on the database clock.</param>
/// <param name="StatusCode">The HTTP status; null when no response arrived (or nothing was sent).</param>
/// <param name="Duration">From sending to the end of reading the response (or giving up).</param>
/// <param name="Error">Why the attempt failed, for the log; at most 2000 characters are kept.</param>
/// <param name="ResponseExcerpt">The start of the response body; at most 4096 characters are kept.</param>
/// <param name="State"><see cref="DeliveryStates"/>: delivered; pending to retry after <paramref name="RetryIn"/>; failed to give up.</param>
/// <param name="RetryIn">How long after the write to retry; required when <paramref name="State"/> is pending, ignored otherwise.</param>
public sealed record DeliveryOutcome(
    long DeliveryId,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    TimeSpan Duration,
    string? Error,
    string? ResponseExcerpt,
    string State,
    TimeSpan? RetryIn = null,
    string? DisableEndpointReason = null)
{
    public const int MaxErrorLength = 2000;
    public const int MaxResponseExcerptLength = 4096;

    /// <summary>No attempt was made: the delivery goes back untouched (its lease cleared), due at once.</summary>
    public bool Released { get; private init; }

    public static DeliveryOutcome Release(long deliveryId) =>
        new(deliveryId, default, null, TimeSpan.Zero, null, null, DeliveryStates.Pending, TimeSpan.Zero) { Released = true };

    /// <exception cref="ArgumentException">The outcome contradicts itself; the message says how.</exception>
    public void Validate()
    {
        if (!DeliveryStates.All.Contains(State, StringComparer.Ordinal))
            throw new ArgumentException($"Delivery {DeliveryId}: State '{State}' is not one of {string.Join(", ", DeliveryStates.All)}.", nameof(State));
        if (State == DeliveryStates.Pending && RetryIn is null)
            throw new ArgumentException($"Delivery {DeliveryId}: a retry (State pending) needs RetryIn.", nameof(RetryIn));
        if (RetryIn < TimeSpan.Zero)
            throw new ArgumentException($"Delivery {DeliveryId}: RetryIn {RetryIn} is negative.", nameof(RetryIn));
        if (Duration < TimeSpan.Zero)
            throw new ArgumentException($"Delivery {DeliveryId}: Duration {Duration} is negative.", nameof(Duration));
        if (State == DeliveryStates.Delivered && DisableEndpointReason is not null)
            throw new ArgumentException($"Delivery {DeliveryId}: a delivered attempt cannot disable its endpoint.", nameof(DisableEndpointReason));
        if (DisableEndpointReason is not null && string.IsNullOrWhiteSpace(DisableEndpointReason))
            throw new ArgumentException($"Delivery {DeliveryId}: DisableEndpointReason is blank; give a reason or null.", nameof(DisableEndpointReason));
    }

    /// <summary>Milliseconds as stored, rounded; durations past int.MaxValue ms (24 days) are clamped.</summary>
    internal int DurationMs => (int)Math.Min(int.MaxValue, Math.Round(Duration.TotalMilliseconds));
}
