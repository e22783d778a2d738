using System.Net;
using System.Net.Sockets;

namespace ClbWorker.Benchmarks.Hosting;

/// <summary>The fixed loopback ports of a run, from <see cref="HarnessOptions.PortBase"/>: checked free before anything starts.</summary>
public sealed class Ports(int first)
{
    public int Simulator => first;
    public int Receiver => first + 1;
    public int Baseline => first + 2;

    private const int WorkerPorts = HarnessOptions.PortsUsed - 10;
    private int nextWorker;

    /// <summary>
    /// A worker port: the next of the run's 90 in turn that is free. Each start takes a fresh one, because a port a
    /// stopped process listened on can stay unusable for a while (connections to it in TIME_WAIT).
    /// </summary>
    public int NextWorker()
    {
        for (var tried = 0; tried < WorkerPorts; tried++)
        {
            var port = first + 10 + (Interlocked.Increment(ref nextWorker) - 1) % WorkerPorts;
            if (IsFree(port))
                return port;
        }
        throw new HarnessException($"None of the ports {first + 10} to {first + HarnessOptions.PortsUsed - 1} is free for a worker; move the run's ports with --port-base.");
    }

    /// <summary>Throws with the port and what it is for when any port of the run is taken.</summary>
    public void EnsureFree()
    {
        var move = $"Stop what holds it, or move the run's {HarnessOptions.PortsUsed} ports with --port-base (1024 to {65535 - HarnessOptions.PortsUsed}).";
        foreach (var (port, use) in new[] { (Simulator, "the simulator"), (Receiver, "the webhook receiver"), (Baseline, "a baseline") })
        {
            if (!IsFree(port))
                throw new HarnessException($"Port {port} (for {use}) is already in use on 127.0.0.1. {move}");
        }
        var taken = Enumerable.Range(first + 10, WorkerPorts).Where(p => !IsFree(p)).ToList();
        // Workers take whichever of their ports are free, so only a range mostly in use is a problem.
        if (taken.Count > WorkerPorts / 2)
            throw new HarnessException($"{taken.Count} of the worker ports {first + 10} to {first + HarnessOptions.PortsUsed - 1} are in use (first {taken[0]}). {move}");
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
