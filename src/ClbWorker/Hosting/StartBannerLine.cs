namespace ClbWorker.Hosting;

/// <summary>
/// One line of the dev run's start banner. Each capability registers its own as a singleton. A
/// <paramref name="Where"/> starting with '/' is a path on this process and is printed after its first address.
/// </summary>
/// <param name="Order">Lines print in ascending order.</param>
public sealed record StartBannerLine(int Order, string Label, string Where, string? Note = null);
