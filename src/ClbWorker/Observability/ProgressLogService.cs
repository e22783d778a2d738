using Microsoft.Extensions.Options;

namespace ClbWorker.Observability;

/// <summary>The thin loop around <see cref="ProgressReporter.RunOnceAsync"/>: one reading per interval.</summary>
internal sealed class ProgressLogService(ProgressReporter reporter, IOptions<ProgressLogOptions> options, TimeProvider time, ILogger<ProgressLogService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await reporter.RunOnceAsync(stoppingToken);
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Said once per outage: the polling and delivery loops report database trouble themselves.
                if (!failing)
                    logger.LogWarning("Progress line unavailable: {Reason}", ex.Message);
                failing = true;
            }
        }
    }
}
