using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using ClbWorker.Webhooks.Security;
using Microsoft.Extensions.Options;

namespace ClbWorker.Webhooks.Sending;

/// <summary>
/// Typed HttpClient making one signed Standard Webhooks POST per call: no retries (see
/// <see cref="DeliveryRetryPolicy"/>), no persistence. Every outcome but the caller's cancellation is a
/// <see cref="DeliveryAttemptResult"/>, never an exception.
/// </summary>
public sealed class WebhookSender(HttpClient http, IOptions<WebhookOptions> options, WebhookUrlPolicy urlPolicy, TimeProvider time)
{
    public const string UserAgent = "ClbWorker-Webhooks/1";

    /// <summary>Set explicitly so no charset parameter is added: the receiver verifies the bytes, not text.</summary>
    public const string ContentType = "application/json";

    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>A message id travels in a header and is the receiver's idempotency key: short, printable ASCII.</summary>
    public const int MaxMessageIdLength = 256;

    private readonly WebhookOptions _options = options.Value;

    /// <summary>POSTs <paramref name="body"/> to <paramref name="url"/>, signed with every secret, timestamped now.</summary>
    /// <param name="messageId">The same on every attempt of one message: 1-256 printable ASCII characters, no spaces.</param>
    /// <param name="body">The exact JSON bytes to send and sign.</param>
    /// <param name="secrets">One or more (during a rotation, the new and the old); each adds a signature entry.</param>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; a timeout is a result instead.</exception>
    public async Task<DeliveryAttemptResult> SendAsync(
        Uri url, string messageId, ReadOnlyMemory<byte> body, IReadOnlyList<WebhookSecret> secrets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(url);
        CheckMessageId(messageId);
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets.Count == 0)
            throw new ArgumentException("At least one secret is needed to sign a webhook.", nameof(secrets));
        ct.ThrowIfCancellationRequested();

        var started = time.GetTimestamp();
        var check = urlPolicy.Check(url);
        if (!check.IsAllowed)
            return Refused(check.Refusal) with { Duration = time.GetElapsedTime(started) };

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var signature = WebhookSigner.Sign(messageId, timestamp, body.Span, secrets);
        using var request = BuildRequest(url, messageId, timestamp, body, signature);
        // Our own timeout token, linked with the caller's, tells the two kinds of cancellation apart;
        // HttpClient.Timeout is infinite (see WebhookSenderRegistration) so it never competes.
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        DeliveryAttemptResult result;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            result = await ReadResponseAsync(url, response, linked.Token, ct);
        }
        catch (OperationCanceledException e) when (ct.IsCancellationRequested)
        {
            throw CallerCancelled(e, ct);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            result = new() { Error = $"no response within {Seconds(_options.Timeout)} ({WebhookOptions.Section}:Timeout)", TimedOut = true };
        }
        catch (OperationCanceledException)
        {
            // Neither the caller nor our timeout: the handler's connect timeout.
            result = new()
            {
                Error = $"connecting to {url.Authority} timed out after {Seconds(_options.ConnectTimeout)} ({WebhookOptions.Section}:ConnectTimeout)",
                TimedOut = true,
            };
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            result = Refused(refusal.Message);
        }
        catch (HttpRequestException e)
        {
            result = new() { Error = Describe(e, url) };
        }
        return result with { Duration = time.GetElapsedTime(started) };
    }

    private async Task<DeliveryAttemptResult> ReadResponseAsync(
        Uri url, HttpResponseMessage response, CancellationToken linked, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var retryAfter = RetryAfterValue.From(response.Headers.RetryAfter, time.GetUtcNow());
        var (excerpt, truncated, failure) = await ResponseExcerptReader.ReadAsync(response.Content, _options.MaxResponseBytes, linked);
        if (failure is OperationCanceledException && ct.IsCancellationRequested)
            throw CallerCancelled(failure, ct);

        // The status has arrived and decides the outcome; a body cut short is only noted.
        var error = failure switch
        {
            null => null,
            OperationCanceledException => $"the response body did not end within {Seconds(_options.Timeout)} ({WebhookOptions.Section}:Timeout)",
            _ => $"reading the response body failed: {Innermost(failure).Message}",
        };
        if (status is >= 300 and <= 399)
            error = error is null ? RedirectNote(url, response) : $"{RedirectNote(url, response)}; {error}";
        return new()
        {
            StatusCode = status,
            Error = error,
            ResponseExcerpt = excerpt,
            ResponseTruncated = truncated,
            RetryAfter = retryAfter,
        };
    }

    private static HttpRequestMessage BuildRequest(Uri url, string messageId, long timestamp, ReadOnlyMemory<byte> body, string signature)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = content,
            // HTTP/2 when TLS negotiates it, else HTTP/1.1; never HTTP/3, whose QUIC connections bypass the SSRF guard.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add(IdHeader, messageId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, signature);
        return request;
    }

    private static void CheckMessageId(string messageId)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        if (messageId.Length > MaxMessageIdLength || messageId.Any(c => c is < '!' or > '~'))
            throw new ArgumentException(
                $"A webhook message id must be 1-{MaxMessageIdLength} printable ASCII characters without spaces.", nameof(messageId));
    }

    private static DeliveryAttemptResult Refused(string reason) =>
        new() { Error = $"refused by the SSRF guard: {reason}", RefusedBySsrfGuard = true };

    private static OperationCanceledException CallerCancelled(Exception e, CancellationToken ct) =>
        new("The caller cancelled the webhook delivery.", e, ct);

    private static WebhookTargetRefusedException? FindRefusal(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookTargetRefusedException refusal)
                return refusal;
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        return e;
    }

    private static string Describe(HttpRequestException e, Uri url)
    {
        var what = e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "resolving the host failed",
            HttpRequestError.ConnectionError => "connecting failed",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            HttpRequestError.ResponseEnded => "the connection closed before a complete response",
            HttpRequestError.InvalidResponse => "the response is not valid HTTP",
            HttpRequestError.ConfigurationLimitExceeded => "the response exceeds a limit (e.g. headers too long)",
            HttpRequestError.HttpProtocolError => "an HTTP protocol error occurred",
            _ => "the request failed",
        };
        return $"{what} ({url.Authority}): {Innermost(e).Message}";
    }

    private static string RedirectNote(Uri url, HttpResponseMessage response)
    {
        // Shown without its query, which may carry a token.
        var location = response.Headers.Location is { } target
            ? (target.IsAbsoluteUri ? target : new Uri(url, target)).GetLeftPart(UriPartial.Path)
            : "nowhere (no valid Location header)";
        return $"redirect to {location} not followed: a redirect counts as a failed delivery; configure the final URL";
    }

    private static string Seconds(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");
}
