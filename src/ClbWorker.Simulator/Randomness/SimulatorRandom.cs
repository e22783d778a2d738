namespace ClbWorker.Simulator.Randomness;

/// <summary>
/// The one random source behind faults, task delays and task failures. Seeded from configuration so a
/// sequential test replays the same draws; locked because <see cref="Random"/> is not thread-safe.
/// </summary>
internal sealed class SimulatorRandom(int? seed)
{
    private readonly Random _random = seed is { } value ? new Random(value) : new Random();
    private readonly Lock _lock = new();

    /// <summary>True with probability <paramref name="rate"/>. Rates of 0 and 1 draw nothing, so they do not shift the sequence.</summary>
    public bool Chance(double rate)
    {
        if (rate <= 0)
            return false;
        if (rate >= 1)
            return true;
        lock (_lock)
            return _random.NextDouble() < rate;
    }

    /// <summary>A duration drawn uniformly from [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public TimeSpan Between(TimeSpan min, TimeSpan max)
    {
        if (max <= min)
            return min;
        lock (_lock)
            return min + (max - min) * _random.NextDouble();
    }
}
