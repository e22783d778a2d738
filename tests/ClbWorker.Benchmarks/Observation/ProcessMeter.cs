using System.Globalization;

namespace ClbWorker.Benchmarks.Observation;

/// <summary>CPU time and peak memory of a process, read from <c>/proc</c> by the harness (never asked of the process).</summary>
public static class ProcessMeter
{
    // USER_HZ, the unit of /proc/<pid>/stat times; 100 on every Linux build that runs .NET.
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds of the process so far; with <paramref name="reapedChildren"/>, plus those of its waited-for children.</summary>
    public static double CpuSeconds(int pid, bool reapedChildren = false)
    {
        var fields = StatFields(pid);
        if (fields is null)
            return double.NaN;
        // Fields after the command name, counted from field 3 (state) at index 0: utime 14, stime 15, cutime 16, cstime 17.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (reapedChildren)
            ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    /// <summary>The parent's process id, or -1 when the process is gone.</summary>
    public static int ParentOf(int pid) => StatFields(pid) is { } fields ? int.Parse(fields[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>Peak resident set size in MiB (VmHWM), or NaN when the process is gone.</summary>
    public static double PeakRssMiB(int pid)
    {
        var file = $"/proc/{pid}/status";
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? double.NaN
                : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces; the fields after it are plain.
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
