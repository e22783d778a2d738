using System.Globalization;

namespace ClbWorker.Benchmarks.Observation;

/// <summary>One notification as the receiver's record file holds it.</summary>
public sealed record Receipt(long UnixMicros, string MessageId, string Type, string TaskId, string State, string Verdict)
{
    public bool Verified => Verdict == "Verified";

    public DateTimeOffset At => DateTimeOffset.UnixEpoch.AddTicks(UnixMicros * 10);

    public static IReadOnlyList<Receipt> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        var receipts = new List<Receipt>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (Parse(line) is { } receipt)
                receipts.Add(receipt);
        }
        return receipts;
    }

    /// <summary>One line of the record file, or null for a line that is not whole.</summary>
    public static Receipt? Parse(string line)
    {
        var f = line.Split(',');
        return f.Length == 6 && long.TryParse(f[0], CultureInfo.InvariantCulture, out var at) ? new Receipt(at, f[1], f[2], f[3], f[4], f[5]) : null;
    }
}
