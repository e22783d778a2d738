using System.Text.RegularExpressions;
using ClbWorker.Tencent.Client;
using ClbWorker.Webhooks.Outbox;
using ClbWorker.Webhooks.Sending;

namespace ClbWorker.Observability;

/// <summary>Tag values of the ClbWorker metrics, as pure functions over results: each a small, fixed set.</summary>
public static partial class MetricTags
{
    /// <summary>Stands for an error code that does not look like one of Tencent's, so a stray value cannot add series.</summary>
    public const string OtherCode = "other";

    /// <summary>The <c>outcome</c> of a poll, and the Tencent error code when the answer was an API error.</summary>
    public static (string Outcome, string? ErrorCode) PollOutcome(DescribeTaskStatusResult result) => result switch
    {
        TaskStatusReported { Status: ClbTaskStatus.Succeeded } => ("succeeded", null),
        TaskStatusReported { Status: ClbTaskStatus.Failed } => ("failed", null),
        TaskStatusReported => ("status_running", null),
        ApiErrorReported error => ("api_error", ErrorCode(error.Code)),
        HttpErrorReceived => ("http_error", null),
        RequestTimedOut => ("timeout", null),
        ConnectionFailed => ("connection_failed", null),
        MalformedResponse => ("malformed", null),
        SlotMissed => ("slot_missed", null),
        _ => ("other", null),
    };

    /// <summary>Tencent's code as is (<c>InvalidParameter.FormatError</c>) when it has Tencent's shape, else <see cref="OtherCode"/>.</summary>
    public static string ErrorCode(string? code) => code is { Length: <= 64 } && TencentCodeShape().IsMatch(code) ? code : OtherCode;

    /// <summary>The <c>outcome</c> of a webhook attempt: the delivery's state after it.</summary>
    public static string WebhookOutcome(string deliveryState) => deliveryState switch
    {
        DeliveryStates.Delivered => "delivered",
        DeliveryStates.Failed => "failed",
        _ => "retry",
    };

    /// <summary>The <c>status</c> of a webhook attempt: the status class, or why no status came.</summary>
    /// <param name="sent">False when nothing was sent (the delivery could not be signed).</param>
    public static string WebhookStatus(DeliveryAttemptResult result, bool sent) => result switch
    {
        _ when !sent => "not_sent",
        { StatusCode: >= 200 and <= 299 } => "2xx",
        { StatusCode: >= 300 and <= 399 } => "3xx",
        { StatusCode: >= 400 and <= 499 } => "4xx",
        { StatusCode: >= 500 and <= 599 } => "5xx",
        { StatusCode: not null } => "other",
        { TimedOut: true } => "timeout",
        { RefusedBySsrfGuard: true } => "refused",
        _ => "no_response",
    };

    // Tencent API 3.0 codes: dotted words of letters and digits, well under 64 characters.
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+){0,3}$")]
    private static partial Regex TencentCodeShape();
}
