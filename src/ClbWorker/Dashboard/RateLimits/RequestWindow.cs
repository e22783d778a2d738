namespace ClbWorker.Dashboard.RateLimits;

/// <summary>What all workers together did for one rate-limit key (or all of them) over <paramref name="Span"/>.</summary>
/// <param name="Requests">Send slots granted: one request each, unless a send missed its slot.</param>
/// <param name="LimitExceeded">
/// Times a worker noted RequestLimitExceeded and slowed the key down: once per batch of answers holding any, so at most the
/// number of such answers.
/// </param>
/// <param name="Span">The time the counts cover: up to a minute, less while the process has not been sampling that long.</param>
public sealed record RequestWindow(long Requests, long LimitExceeded, TimeSpan Span)
{
    public double RequestsPerSecond => Span > TimeSpan.Zero ? Requests / Span.TotalSeconds : 0;
}
