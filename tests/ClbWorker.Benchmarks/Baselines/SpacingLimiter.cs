namespace ClbWorker.Benchmarks.Baselines;

/// <summary>
/// A client-side limiter of one process, like the per-action limiter of terraform-provider-tencentcloud: callers are
/// let through at most <paramref name="perSecond"/> a second, spaced evenly (a token bucket holding one token).
/// </summary>
public sealed class SpacingLimiter(double perSecond)
{
    private readonly Lock gate = new();
    private readonly TimeSpan spacing = TimeSpan.FromSeconds(1 / perSecond);
    private DateTimeOffset next = DateTimeOffset.MinValue;

    public async Task WaitAsync(CancellationToken ct)
    {
        DateTimeOffset slot;
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            slot = next > now ? next : now;
            next = slot + spacing;
        }
        var wait = slot - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, ct);
    }
}
