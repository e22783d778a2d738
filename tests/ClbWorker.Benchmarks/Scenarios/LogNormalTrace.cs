namespace ClbWorker.Benchmarks.Scenarios;

/// <summary>
/// Task running times drawn from one seeded log-normal distribution with median 8 s and 95th percentile 60 s, the
/// shape of CLB changes (most take seconds, a few minutes): every subject of a run meets the same sequence.
/// </summary>
public static class LogNormalTrace
{
    public const int Seed = 20_261_202;
    private static readonly double Mu = Math.Log(8);
    // The 95th percentile of a standard normal is 1.6449: median × e^(1.6449 σ) = 60 s.
    private static readonly double Sigma = Math.Log(60.0 / 8) / 1.6448536;

    public static IReadOnlyList<TimeSpan> Durations(int count)
    {
        var random = new Random(Seed);
        var durations = new TimeSpan[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller: a standard normal from two uniforms in (0, 1].
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            var normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            durations[i] = TimeSpan.FromMilliseconds(Math.Round(Math.Exp(Mu + Sigma * normal) * 1000));
        }
        return durations;
    }
}
