using System.Text;

namespace ClbWorker.LeasedWork;

/// <summary>
/// The Hangfire queue only this process's server reads: each process's polling and delivery jobs run there, so every
/// process works for as long as it runs instead of whichever server Hangfire picks. The name is unique per process
/// start and readable on the dashboard: <c>clb-&lt;host&gt;-&lt;pid&gt;-&lt;random&gt;</c>.
/// </summary>
public sealed class ServerQueueName
{
    /// <summary>Every server queue starts with this; a queue of that shape no live server reads belongs to a dead process.</summary>
    public const string Prefix = "clb-";

    // Hangfire queue names: lower-case letters, digits, '_' and '-'.
    private const int MaxHostLength = 24;

    public ServerQueueName(string name) => Name = name;

    public string Name { get; }

    public static ServerQueueName ForThisProcess()
    {
        var host = new StringBuilder();
        foreach (var c in Environment.MachineName.ToLowerInvariant())
        {
            if (host.Length == MaxHostLength)
                break;
            host.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        }
        return new ServerQueueName($"{Prefix}{host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
    }

    public static bool IsServerQueue(string queue) => queue.StartsWith(Prefix, StringComparison.Ordinal);

    public override string ToString() => Name;
}
