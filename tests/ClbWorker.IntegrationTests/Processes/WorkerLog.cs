using System.Globalization;
using System.Text.RegularExpressions;
using ClbWorker.IntegrationTests.Infrastructure;

namespace ClbWorker.IntegrationTests.Processes;

/// <summary>What a worker's own log says about its polling: run summaries and the moment each request left.</summary>
internal static partial class WorkerLog
{
    /// <summary>The console timestamp the workers are started with, parsed back by <see cref="LargestOneSecondSends"/>.</summary>
    public const string TimestampFormat = "HH:mm:ss.fff ";

    /// <summary>The IHttpClientFactory logger of the Tencent client's innermost handler.</summary>
    public const string RequestLogCategory = "System.Net.Http.HttpClient.ClbApiClient.ClientHandler";

    private const string Sent100 = "[100] Sending HTTP request";

    /// <summary>Requests sent, summed over the polling runs that ended in this process (a run logs its counts when it ends).</summary>
    public static long Sent(ChildProcess worker) =>
        worker.Lines.Select(l => RunEnded().Match(l.Text)).Where(m => m.Success)
            .Sum(m => long.Parse(m.Groups["sent"].Value, CultureInfo.InvariantCulture));

    /// <summary>The engine's own figure: the latest a request of this process left after its planned slot.</summary>
    public static double MaxSendLatenessMs(ChildProcess worker) =>
        worker.Lines.Select(l => RunEnded().Match(l.Text)).Where(m => m.Success)
            .Select(m => double.Parse(m.Groups["late"].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>The first request the worker sent, timed by when the test read the line (so no earlier than the send).</summary>
    public static OutputLine? FirstSend(ChildProcess worker) =>
        worker.Lines.FirstOrDefault(l => l.Text.Contains(RequestLogCategory + Sent100, StringComparison.Ordinal));

    /// <summary>
    /// The most requests the given workers together handed to their HTTP handler within any 1-second window, by
    /// the time each worker stamped on the log line (same machine, same clock): the send side of the limit.
    /// </summary>
    public static int LargestOneSecondSends(IEnumerable<ChildProcess> workers)
    {
        var sends = SendTimes(workers);
        var largest = 0;
        for (int last = 0, first = 0; last < sends.Count; last++)
        {
            while (sends[last] - sends[first] >= TimeSpan.FromSeconds(1))
                first++;
            largest = Math.Max(largest, last - first + 1);
        }
        return largest;
    }

    /// <summary>The longest time between two consecutive requests of the given workers together, and when it began.</summary>
    public static (TimeSpan Length, TimeSpan From) LongestPause(IEnumerable<ChildProcess> workers)
    {
        var sends = SendTimes(workers);
        var longest = (Length: TimeSpan.Zero, From: TimeSpan.Zero);
        for (var i = 1; i < sends.Count; i++)
        {
            if (sends[i] - sends[i - 1] > longest.Length)
                longest = (sends[i] - sends[i - 1], sends[i - 1]);
        }
        return longest;
    }

    private static List<TimeSpan> SendTimes(IEnumerable<ChildProcess> workers) =>
        workers.SelectMany(w => w.Lines).Select(l => Sending().Match(l.Text)).Where(m => m.Success)
            .Select(m => TimeSpan.ParseExact(m.Groups["at"].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture))
            .Order().ToList();

    [GeneratedRegex(@"Polling run ended: .*\bsent=(?<sent>\d+)\b.*\bmax-send-lateness=(?<late>[\d.]+)ms")]
    private static partial Regex RunEnded();

    [GeneratedRegex(@"^(?<at>\d\d:\d\d:\d\d\.\d{3}) info: System\.Net\.Http\.HttpClient\.ClbApiClient\.ClientHandler\[100\] Sending HTTP request")]
    private static partial Regex Sending();
}
