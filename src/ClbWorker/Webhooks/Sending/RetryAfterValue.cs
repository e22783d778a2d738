using System.Net.Http.Headers;

namespace ClbWorker.Webhooks.Sending;

/// <summary>Reads <c>Retry-After</c> (delta-seconds or an HTTP-date) as a wait from now.</summary>
internal static class RetryAfterValue
{
    /// <returns>Null when the header is absent or malformed (.NET then exposes no parsed value).</returns>
    public static TimeSpan? From(RetryConditionHeaderValue? header, DateTimeOffset now) => header switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
