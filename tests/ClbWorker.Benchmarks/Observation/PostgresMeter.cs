namespace ClbWorker.Benchmarks.Observation;

/// <summary>
/// CPU seconds the PostgreSQL server has spent: the postmaster, its live children (backends, background workers) and
/// the children it has already reaped. Differences between two readings are the server's CPU over that span.
/// </summary>
public static class PostgresMeter
{
    public static double CpuSeconds(int postmasterPid)
    {
        var total = ProcessMeter.CpuSeconds(postmasterPid, reapedChildren: true);
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && pid != postmasterPid && ProcessMeter.ParentOf(pid) == postmasterPid)
            {
                var child = ProcessMeter.CpuSeconds(pid);
                if (!double.IsNaN(child))
                    total += child;
            }
        }
        return total;
    }
}
