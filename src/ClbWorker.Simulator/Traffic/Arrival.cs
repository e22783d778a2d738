using System.Globalization;

namespace ClbWorker.Simulator.Traffic;

/// <summary>One request as the arrival log recorded it (<see cref="ArrivalLog"/>), read back by outside observers: the benchmark harness and tests.</summary>
public sealed record Arrival(long UnixMicros, int RemotePort, string SecretId, string Action, string Answer, int? Status, string TaskId)
{
    public bool IsDescribeTaskStatus => Action == "DescribeTaskStatus";

    public bool Answered => Answer == "ok";

    public bool RateLimited => Answer.StartsWith("RequestLimitExceeded", StringComparison.Ordinal);

    public DateTimeOffset At => DateTimeOffset.UnixEpoch.AddTicks(UnixMicros * 10);

    public static IReadOnlyList<Arrival> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        var arrivals = new List<Arrival>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            // A line being written as we read is incomplete: skip it, the next read has it whole.
            if (f.Length != 7 || !long.TryParse(f[0], CultureInfo.InvariantCulture, out var at))
                continue;
            arrivals.Add(new Arrival(at, int.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], f[4],
                f[5].Length == 0 ? null : int.Parse(f[5], CultureInfo.InvariantCulture), f[6]));
        }
        return arrivals;
    }
}
