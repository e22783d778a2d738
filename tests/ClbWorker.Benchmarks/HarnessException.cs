namespace ClbWorker.Benchmarks;

/// <summary>A run cannot go on; the message says what went wrong and, where it can, what to do.</summary>
public sealed class HarnessException(string message) : Exception(message);
