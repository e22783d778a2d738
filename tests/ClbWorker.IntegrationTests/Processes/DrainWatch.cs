namespace ClbWorker.IntegrationTests.Processes;

/// <summary>
/// Looks at a draining backlog a few times a second: how many tasks are final, and how many requests the
/// simulator has received by then (its own count, timed by the test's clock).
/// </summary>
internal sealed class DrainWatch(ProcessTestBed bed)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly List<(DateTime At, long Requests)> arrivals = [];

    public async Task UntilFinalAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var final = await bed.Tasks.FinalCountAsync();
            var traffic = await bed.Simulator.PollerTrafficAsync();
            arrivals.Add((DateTime.UtcNow, traffic?.Requests ?? 0));
            if (final >= count)
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Only {final} of {count} tasks final within {within}.");
            await Task.Delay(Interval, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>
    /// Requests per second at the simulator between the first look that found some and the first look that found
    /// them all; each end is known to within one look interval.
    /// </summary>
    public double SimulatorSideRate()
    {
        var first = arrivals.First(a => a.Requests > 0);
        var total = arrivals[^1].Requests;
        var last = arrivals.First(a => a.Requests == total);
        return (last.Requests - first.Requests) / (last.At - first.At).TotalSeconds;
    }
}
