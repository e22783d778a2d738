namespace ClbWorker.UnitTests.Hosting;

/// <summary>A nested options object of <see cref="SampleOptions"/>.</summary>
public sealed class SampleChildOptions
{
    public string? Url { get; set; }

    public string? Secret { get; set; }
}
