using System.Runtime.InteropServices;

namespace ClbWorker.Benchmarks.Reporting;

/// <summary>The machine a run measured on, as one line of the report.</summary>
public static class MachineInfo
{
    public static string Describe(string postgres)
    {
        var cpu = FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memoryKb = FirstValue("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var memory = long.TryParse(memoryKb, out var kb) ? $"{kb / 1024.0 / 1024.0:0.0} GiB" : "unknown memory";
        var os = OsRelease() ?? RuntimeInformation.OSDescription;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory}, {os}{(kernel.Length > 0 ? $" (kernel {kernel})" : "")}, " +
               $"{RuntimeInformation.FrameworkDescription}, {postgres}";
    }

    private static string? OsRelease()
    {
        const string File = "/etc/os-release";
        if (!System.IO.File.Exists(File))
            return null;
        var line = System.IO.File.ReadLines(File).FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return line?["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string? FirstValue(string file, string key)
    {
        if (!File.Exists(file))
            return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
