using Microsoft.Extensions.Configuration;

namespace ClbWorker.UnitTests.Hosting;

/// <summary>An options class with every shape the binder knows, for schema tests independent of ClbWorker's own options.</summary>
public sealed class SampleOptions
{
    public const string Section = "Sample";

    public int Count { get; set; } = 7;

    public TimeSpan Wait { get; set; } = TimeSpan.FromSeconds(3);

    public double? Rate { get; set; }

    public SampleMode Mode { get; set; } = SampleMode.Fast;

    [ConfigurationKeyName("renamed_key")]
    public string? Renamed { get; set; }

    public SampleChildOptions Child { get; } = new();

    public Dictionary<string, SampleChildOptions> Named { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IList<TimeSpan> Schedule { get; } = new List<TimeSpan>();

    public string[] Tags { get; set; } = [];

    /// <summary>Computed from the others: not a key.</summary>
    public bool IsDefault => Count == 7;

    /// <summary>Computed from the others: not a key.</summary>
    public IReadOnlyList<TimeSpan> EffectiveSchedule => Schedule.Count > 0 ? [.. Schedule] : [Wait];

    /// <summary>Not the binder's: static.</summary>
    public static int Shared { get; set; }
}
