namespace ClbWorker.Simulator;

/// <summary>Traffic seen since <see cref="Since"/> (start or the last reset), one entry per rate-limit key.</summary>
public sealed record SimulatorStats(DateTimeOffset Since, IReadOnlyList<SimulatorKeyStats> Keys)
{
    /// <summary>The entry for one key, or null when that key sent nothing since the last reset.</summary>
    public SimulatorKeyStats? For(string secretId, string host, string action = "DescribeTaskStatus") =>
        Keys.FirstOrDefault(k => k.SecretId == secretId && k.Host == host && k.Action == action);
}
