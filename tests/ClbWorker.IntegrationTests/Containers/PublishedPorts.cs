using System.Net;
using System.Net.Sockets;

namespace ClbWorker.IntegrationTests.Containers;

/// <summary>The fixed loopback ports a compose profile publishes, checked before it starts.</summary>
internal static class PublishedPorts
{
    /// <summary>Fails naming the port when one of them is taken, instead of a compose error deep in a transcript.</summary>
    public static void AssertFree(string what, params int[] ports)
    {
        foreach (var port in ports)
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
            }
            catch (SocketException error)
            {
                Assert.Fail($"Port {port} on 127.0.0.1 is in use ({error.SocketErrorCode}), and {what} publishes it. "
                    + $"Stop whatever listens there (ss -ltnp 'sport = :{port}' names it), then run the test again.");
            }
            listener.Stop();
        }
    }
}
