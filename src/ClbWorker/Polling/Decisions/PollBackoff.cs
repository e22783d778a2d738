namespace ClbWorker.Polling.Decisions;

/// <summary>When a task that is still running (or failed transiently) is polled next.</summary>
public sealed class PollBackoff(PollingOptions options)
{
    /// <param name="attempts">Polls already counted for the task, including the one just made (1 or more).</param>
    /// <param name="random01">A uniform random number in [0, 1), for the jitter.</param>
    public TimeSpan DelayAfter(int attempts, double random01)
    {
        var exponent = Math.Max(0, attempts - 1);
        var nominal = options.FirstDelay.TotalMilliseconds * Math.Pow(options.BackoffFactor, Math.Min(exponent, 64));
        var capped = Math.Min(nominal, options.MaxDelay.TotalMilliseconds);
        var jittered = capped * (1 + options.Jitter * (2 * random01 - 1));
        return TimeSpan.FromMilliseconds(Math.Max(jittered, options.MinInterval.TotalMilliseconds));
    }
}
