namespace ClbWorker.Observability;

/// <summary>The dev run's progress line. Section <c>ProgressLog</c>; only the Development environment writes it.</summary>
public sealed class ProgressLogOptions
{
    public const string Section = "ProgressLog";

    /// <summary>Write the line at all (Development only). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the line is written while work is pending, and the interval its rates cover. Default 5 s; 1 s..1 h.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
}
