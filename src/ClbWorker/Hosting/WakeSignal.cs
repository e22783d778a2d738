namespace ClbWorker.Hosting;

/// <summary>
/// Wakes a waiting loop early (new work was notified, capacity came free). Any number of signals while the loop
/// is busy collapse into one wake-up; waiting ends at the timeout otherwise.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Set()
    {
        try
        {
            if (signal.CurrentCount == 0)
                signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another signal got there first: the loop wakes either way.
        }
    }

    /// <returns>True when woken by <see cref="Set"/>, false when the timeout passed.</returns>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}
