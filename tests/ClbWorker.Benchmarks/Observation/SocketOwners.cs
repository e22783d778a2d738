using System.Globalization;

namespace ClbWorker.Benchmarks.Observation;

/// <summary>
/// Which process owns the client end of each TCP connection to a port, learnt from <c>/proc</c>: the socket inodes each
/// process holds (<c>/proc/PID/fd</c>) matched with the connection table (<c>/proc/net/tcp</c>, <c>tcp6</c>). Sampled
/// while a run goes on, it tells which worker sent each request the simulator logged (by the request's remote port),
/// without asking the workers. A connection opened and closed between two samples stays unattributed.
/// </summary>
public sealed class SocketOwners
{
    private readonly Dictionary<int, int> ownerByLocalPort = [];
    private readonly Lock gate = new();

    /// <summary>Records the client ports of the connections to <paramref name="serverPort"/> held by the processes of <paramref name="ownerByPid"/>.</summary>
    public void Sample(IReadOnlyDictionary<int, int> ownerByPid, int serverPort)
    {
        var inodes = new Dictionary<string, int>();
        foreach (var (pid, owner) in ownerByPid)
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                        inodes[target[8..^1]] = owner;
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // The process exited between listing and reading.
            }
        }
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
                continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 10)
                    continue;
                var remotePort = int.Parse(f[2][(f[2].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (remotePort != serverPort || !inodes.TryGetValue(f[9], out var owner))
                    continue;
                var localPort = int.Parse(f[1][(f[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                lock (gate)
                    ownerByLocalPort[localPort] = owner;
            }
        }
    }

    /// <summary>The owner (as given to <see cref="Sample"/>) of the connection from <paramref name="localPort"/>, or null.</summary>
    public int? OwnerOf(int localPort)
    {
        lock (gate)
            return ownerByLocalPort.TryGetValue(localPort, out var owner) ? owner : null;
    }

    /// <summary>Samples every <paramref name="every"/> until cancelled.</summary>
    public async Task SampleUntilAsync(Func<IReadOnlyDictionary<int, int>> owners, int serverPort, TimeSpan every, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Sample(owners(), serverPort);
                await Task.Delay(every, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
