namespace ClbWorker.Benchmarks.Baselines;

/// <summary>
/// What a Terraform apply does for each CLB change (terraform-provider-tencentcloud's waitForTaskFinish over the
/// plugin SDK's retry loop): one loop per task in the one process, polling at once and then after 0.5, 1, 2, 4 and
/// 8 s, then every 10 s, every request through the provider's 15 requests/s client limiter. Nothing is durable.
/// </summary>
public sealed class TerraformStyleWaiter(SignedClbClient client, SpacingLimiter limiter)
{
    public static readonly IReadOnlyList<TimeSpan> Gaps =
        [TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    public static readonly TimeSpan LastGap = TimeSpan.FromSeconds(10);

    /// <returns>When the final Status was read and which it was, or the error that aborted the wait (Terraform aborts on any API error).</returns>
    public async Task<(DateTimeOffset At, int? Status, string? Error)> WaitAsync(string taskId, string region, CancellationToken ct)
    {
        for (var poll = 0; ; poll++)
        {
            await Task.Delay(poll < Gaps.Count ? Gaps[poll] : LastGap, ct);
            await limiter.WaitAsync(ct);
            var (status, error) = await client.DescribeTaskStatusAsync(taskId, region, ct);
            if (error is not null)
                return (DateTimeOffset.UtcNow, null, error);
            if (status is 0 or 1)
                return (DateTimeOffset.UtcNow, status, null);
        }
    }
}
