using System.Net;
using ClbWorker.Webhooks.Security;

namespace ClbWorker.Webhooks.Sending;

/// <summary>The primary handler of <see cref="WebhookSender"/>, with every .NET default that would open a hole closed.</summary>
internal static class WebhookHttpHandler
{
    /// <summary>Pooled connections are renewed this often, so a receiver's DNS change is picked up (and re-vetted).</summary>
    public static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);

    public static SocketsHttpHandler Create(WebhookOptions options, WebhookConnector connector) => new()
    {
        // Every connection goes through the SSRF guard. HTTP/3 would bypass it (QUIC does not use the
        // callback): WebhookSender asks for HTTP/2 or lower, never 3.
        ConnectCallback = connector.ConnectAsync,
        ConnectTimeout = options.ConnectTimeout,
        // With a proxy the guard would only ever see the proxy's address.
        UseProxy = false,
        // A redirect is a failed delivery (Standard Webhooks); following it would also skip the URL checks.
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = PooledConnectionLifetime,
        // An unread rest of a body (past MaxResponseBytes) is not drained to reuse the connection: it is closed.
        MaxResponseDrainSize = 0,
    };
}
