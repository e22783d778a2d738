using System.Net.Sockets;

namespace ClbWorker.IntegrationTests.Infrastructure;

/// <summary>Whether a Docker engine answers, asked quickly so that machines without one fall through at once.</summary>
internal static class DockerEngine
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    // What Testcontainers asks for unless DOCKER_API_VERSION says otherwise (Docker 29 refuses anything older).
    private static readonly Version TestcontainersApiVersion = new(1, 44);

    /// <summary>Where the engine is looked for, for messages.</summary>
    public static string Address =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : "unix:///var/run/docker.sock";

    public static async Task<bool> AnswersAsync() => await ApiVersionAsync() is not null;

    /// <summary>
    /// An engine older than the API version Testcontainers asks for (Debian bookworm's 20.10 speaks 1.41) refuses
    /// every request; tell Testcontainers the engine's own version, unless DOCKER_API_VERSION already does. Call it
    /// before anything of Testcontainers runs: it reads the variable once.
    /// </summary>
    public static async Task TellTestcontainersItsApiVersionAsync()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_API_VERSION")))
            return;
        if (await ApiVersionAsync() is { } engine && engine < TestcontainersApiVersion)
            Environment.SetEnvironmentVariable("DOCKER_API_VERSION", engine.ToString());
    }

    // The engine API's health check answers with the newest API version the engine speaks; null when none answers.
    private static async Task<Version?> ApiVersionAsync()
    {
        var endpoint = Endpoint();
        if (endpoint is null)
        {
            return null;
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
            // Any host name works, the callback above picks the socket.
            using var response = await client.GetAsync(new Uri("http://docker/_ping"));
            if (!response.IsSuccessStatusCode)
                return null;
            return response.Headers.TryGetValues("Api-Version", out var values) && Version.TryParse(values.FirstOrDefault(), out var version)
                ? version
                : TestcontainersApiVersion;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or SocketException)
        {
            return null;
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
