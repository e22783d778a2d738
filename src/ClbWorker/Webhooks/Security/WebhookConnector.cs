using System.Net;
using System.Net.Sockets;

namespace ClbWorker.Webhooks.Security;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of webhook deliveries: resolves the host, keeps the
/// addresses the <see cref="SsrfAddressPolicy"/> allows and connects to the first of them that answers. The
/// check is made on the very address connected to, so DNS rebinding (a name that resolves to a public
/// address when checked and a private one when used) cannot get past it. A name resolving to both kinds
/// only ever gets connections to its allowed addresses; one resolving to none fails with
/// <see cref="WebhookTargetRefusedException"/> before any connection attempt. TLS, SNI and the Host header
/// keep using the host name: the handler wraps the stream returned here.
/// </summary>
public sealed class WebhookConnector
{
    private const int MaxReasonsShown = 3;

    private readonly SsrfAddressPolicy _policy;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly Func<IPEndPoint, CancellationToken, ValueTask<Stream>> _connect;

    public WebhookConnector(SsrfAddressPolicy policy) : this(policy, Dns.GetHostAddressesAsync, ConnectSocketAsync)
    {
    }

    /// <summary>Tests substitute name resolution and the socket connect, to prove what is (not) connected to.</summary>
    internal WebhookConnector(
        SsrfAddressPolicy policy,
        Func<string, CancellationToken, Task<IPAddress[]>> resolve,
        Func<IPEndPoint, CancellationToken, ValueTask<Stream>> connect)
    {
        _policy = policy;
        _resolve = resolve;
        _connect = connect;
    }

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ConnectAsync(context.DnsEndPoint, ct);
    }

    /// <exception cref="WebhookTargetRefusedException">No address of the host may be reached.</exception>
    /// <exception cref="SocketException">Resolution failed, or every allowed address refused the connection.</exception>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var host = endpoint.Host;
        var isLiteral = IPAddress.TryParse(host, out var literal);
        IPAddress[] addresses = isLiteral ? [literal!] : await _resolve(host, ct);

        var allowed = new List<IPAddress>(addresses.Length);
        var refusals = new List<string>();
        foreach (var address in addresses)
        {
            if (_policy.IsAllowed(address, out var reason))
                allowed.Add(SsrfAddressPolicy.Normalize(address));
            else
                refusals.Add(reason);
        }
        if (allowed.Count == 0)
            throw new WebhookTargetRefusedException(RefusalMessage(host, isLiteral, refusals));

        Exception? last = null;
        foreach (var address in allowed)
        {
            try
            {
                return await _connect(new IPEndPoint(address, endpoint.Port), ct);
            }
            catch (SocketException e)
            {
                last = e;
            }
        }
        throw last!;
    }

    private static string RefusalMessage(string host, bool isLiteral, List<string> refusals)
    {
        if (refusals.Count == 0)
            return $"{host} resolves to no address";
        if (isLiteral)
            return refusals[0];
        var shown = refusals.Distinct().Take(MaxReasonsShown);
        var more = refusals.Count > MaxReasonsShown ? $" (and {refusals.Count - MaxReasonsShown} more)" : "";
        return $"{host} resolves only to addresses webhooks may not reach: {string.Join(" | ", shown)}{more}";
    }

    private static async ValueTask<Stream> ConnectSocketAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
