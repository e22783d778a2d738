using System.Globalization;

namespace ClbWorker.Webhooks.Sending;

/// <summary>One POST of one message to one endpoint: what the receiver answered, or why it did not.</summary>
public sealed record DeliveryAttemptResult
{
    /// <summary>The HTTP status received, or null when no response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>From the start of the attempt to its result, on the injected clock.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>
    /// Why no status arrived (timeout, connection refused, TLS error, refused by the SSRF guard...), or what
    /// else went wrong around a status (a redirect not followed, a body that could not be read). Null when the
    /// status tells the whole story. Never contains the URL's query.
    /// </summary>
    public string? Error { get; init; }

    /// <summary>The start of the response body as text, at most <see cref="WebhookOptions.MaxResponseBytes"/> bytes of it; null when empty.</summary>
    public string? ResponseExcerpt { get; init; }

    /// <summary>The body was longer than <see cref="WebhookOptions.MaxResponseBytes"/>; the rest was never read.</summary>
    public bool ResponseTruncated { get; init; }

    /// <summary>The receiver's <c>Retry-After</c>, as a wait from when the response arrived (a past date is zero).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>No status arrived within the attempt's timeout or the connect timeout.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The URL or every address of its host is one webhooks may not reach; nothing was sent. Retrying cannot help.</summary>
    public bool RefusedBySsrfGuard { get; init; }

    /// <summary>2xx only: Standard Webhooks counts redirects as failures.</summary>
    public bool IsSuccess => StatusCode is >= 200 and <= 299;

    /// <summary>410 Gone: the receiver asks not to be sent anything again.</summary>
    public bool IsGone => StatusCode == 410;

    /// <summary>One line for logs and delivery records: the status, the error, or both.</summary>
    public string Summary => (StatusCode, Error) switch
    {
        ({ } status, null) => string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"),
        ({ } status, { } error) => string.Create(CultureInfo.InvariantCulture, $"HTTP {status}: {error}"),
        (null, { } error) => error,
        (null, null) => "no response",
    };
}
