using System.Net;
using System.Net.Sockets;

namespace ClbWorker.Development;

/// <summary>TCP ports on 127.0.0.1, probed by binding them for a moment.</summary>
internal static class LoopbackPorts
{
    /// <summary>A port the operating system considers free right now; another process may take it before we do.</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
