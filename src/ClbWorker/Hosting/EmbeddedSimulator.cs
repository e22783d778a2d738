namespace ClbWorker.Hosting;

/// <summary>The built-in CLB simulator of a development run, and where it listens.</summary>
public sealed record EmbeddedSimulator(WebApplication App, Uri Address);
