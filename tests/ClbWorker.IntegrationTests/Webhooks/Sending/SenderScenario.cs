using System.Globalization;
using System.Text;
using ClbWorker.Webhooks.Security;
using ClbWorker.Webhooks.Sending;
using Microsoft.AspNetCore.Http;

namespace ClbWorker.IntegrationTests.Webhooks.Sending;

/// <summary>What the sender tests share: a message, a start time, configuration and canned receiver answers.</summary>
internal static class SenderScenario
{
    public const string MessageId = "msg_2Vx8kD0wQ1";
    public static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"type":"task.succeeded","timestamp":"2026-11-27T12:00:00Z","data":{"taskId":"任务-1"}}""");
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string?> Configuration(string timeout = "00:00:15", int maxResponseBytes = 65536) => new()
    {
        // The receivers are loopback servers; the guard itself is tested in WebhookSsrfGuardTests.
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:Timeout"] = timeout,
        ["Webhooks:ConnectTimeout"] = "00:00:01",
        ["Webhooks:LeaseDuration"] = "00:05:00",
        ["Webhooks:MaxResponseBytes"] = maxResponseBytes.ToString(CultureInfo.InvariantCulture),
    };

    public static Task<DeliveryAttemptResult> Send(WebhookSenderHost host, Uri url, params WebhookSecret[] secrets) =>
        host.Sender.SendAsync(url, MessageId, Body, secrets.Length > 0 ? secrets : [WebhookSecret.Generate()], TestContext.Current.CancellationToken);

    public static Func<HttpContext, CancellationToken, Task> Answer(int status, string body = "", Action<HttpResponse>? headers = null) =>
        (context, ct) =>
        {
            context.Response.StatusCode = status;
            headers?.Invoke(context.Response);
            return context.Response.WriteAsync(body, ct);
        };
}
