using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ClbWorker.Tencent.Client;

/// <summary>
/// Runs the HTTP client's connect, send and receive code once before the first real request, so that the first poll
/// of a process is not held up compiling it after its send deadline was checked. The exchange is with a listener of
/// this process on loopback: nothing is sent to the CLB endpoint or anywhere else.
/// </summary>
internal static class HttpStackWarmUp
{
    private const string Answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";

    public static async Task ExchangeAsync(Func<SocketsHttpHandler> createHandler, CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeOnceAsync(listener, ct);
        using var client = new HttpClient(createHandler());
        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(CloudApiRequest.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/") { Content = content };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        await ResponseBodyReader.ReadAsync(response.Content, ResponseBodyReader.MaxBytes, ct);
        await serving;
    }

    private static async Task ServeOnceAsync(TcpListener listener, CancellationToken ct)
    {
        using var socket = await listener.AcceptSocketAsync(ct);
        var buffer = new byte[4096];
        var received = new StringBuilder();
        // The request is small: read until its headers and its two-byte body have arrived.
        while (!received.ToString().Contains("\r\n\r\n{}", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
            if (read == 0)
                return;
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        await socket.SendAsync(Encoding.ASCII.GetBytes(Answer), SocketFlags.None, ct);
        socket.Shutdown(SocketShutdown.Both);
    }
}
