using System.Net.Sockets;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>Whether a Docker engine answers, asked quickly so that machines without one fall through at once.</summary>
internal static class DockerEngine
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static async Task<bool> AnswersAsync()
    {
        var endpoint = Endpoint();
        if (endpoint is null)
        {
            return false;
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = ProbeTimeout };
        try
        {
            // The engine API's health check; any host name works, the callback above picks the socket.
            using var response = await client.GetAsync(new Uri("http://docker/_ping"));
            return response.IsSuccessStatusCode;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or SocketException)
        {
            return false;
        }
    }

    // DOCKER_HOST if set (unix:// or tcp://), else the default socket if the file exists.
    private static System.Net.EndPoint? Endpoint()
    {
        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(dockerHost) && Uri.TryCreate(dockerHost, UriKind.Absolute, out var uri))
        {
            return uri.Scheme switch
            {
                "unix" => new UnixDomainSocketEndPoint(uri.AbsolutePath),
                "tcp" => new System.Net.DnsEndPoint(uri.Host, uri.Port),
                _ => null,
            };
        }

        const string DefaultSocket = "/var/run/docker.sock";
        return File.Exists(DefaultSocket) ? new UnixDomainSocketEndPoint(DefaultSocket) : null;
    }
}
